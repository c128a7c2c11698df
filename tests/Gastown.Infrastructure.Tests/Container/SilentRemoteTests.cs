using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Domain.Ledgers;
using Gastown.Infrastructure.Git;
using Gastown.Infrastructure.Tests.Support;

namespace Gastown.Infrastructure.Tests.Container;

/// <summary>
/// git against a host that accepts connections and never answers (<see cref="SilentGitHost"/>): every command is
/// bounded (ssh's connect timeout, http's low-speed abort, a deadline that kills the whole process tree), a dispatch
/// waits for its rig's clone only briefly and leaves the rest to the background, one town's silent remotes never hold
/// another town's start, and retiring the rig or stopping the container kills its clone.
/// </summary>
public sealed class SilentRemoteTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Stall and connect timeouts far away, so only what a test sets ends the clone.
    private static GitLimits Patient(Action<GitLimits>? configure = null)
    {
        var limits = new GitLimits { ConnectTimeout = TimeSpan.FromMinutes(10), LowSpeedTime = TimeSpan.FromMinutes(10), DispatchWait = TimeSpan.FromSeconds(1) };
        configure?.Invoke(limits);
        return limits;
    }

    private readonly SilentGitHost _host = new();
    private readonly TempDirectory _temp = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_clone_past_its_deadline_is_killed_with_its_whole_process_tree()
    {
        var clone = GitRunner.RunAsync(_temp.Path, ["clone", "--", _host.HttpUrl(), _temp.Combine("clone")], Ct,
            limits: Patient(), deadline: TimeSpan.FromSeconds(3));
        await Eventually.TrueAsync(() => _host.ProcessesReachingIt().Count > 0, "git to be connected to the silent host");

        var output = await clone;

        output.ExitCode.ShouldBe(GitRunner.TimedOut);
        output.Message.ShouldContain("git clone did not finish within 3 seconds");
        await Eventually.TrueAsync(() => _host.ProcessesReachingIt().Count == 0, "no process of the clone to be left");
    }

    [Fact]
    public async Task A_stalled_http_transfer_is_aborted_by_the_low_speed_limit()
    {
        var output = await LsRemoteFailsBeforeTheDeadlineAsync(_host.HttpUrl(), limits => limits.LowSpeedTime = TimeSpan.FromSeconds(2));
        GitErrorText.Describe(output, _temp.Path).ShouldBe("the host stopped answering (the transfer stalled)", output.Message);
    }

    [Fact]
    public async Task An_ssh_host_that_sends_no_banner_fails_on_the_connect_timeout()
    {
        var output = await LsRemoteFailsBeforeTheDeadlineAsync(_host.SshUrl(), limits => limits.ConnectTimeout = TimeSpan.FromSeconds(2));
        output.Message.ShouldContain("timed out", Case.Insensitive);
        _host.Connections.ShouldBeGreaterThan(0);
    }

    /// <summary>ls-remote of the silent host with a deadline far away: the limit under test ends it first.</summary>
    private async Task<GitOutput> LsRemoteFailsBeforeTheDeadlineAsync(string url, Action<GitLimits> limit)
    {
        var output = await GitRunner.RunAsync(_temp.Path, ["ls-remote", "--", url], Ct, limits: Patient(limit), deadline: TimeSpan.FromMinutes(2));
        output.ExitCode.ShouldNotBe(0);
        output.ExitCode.ShouldNotBe(GitRunner.TimedOut, output.Message);
        return output;
    }

    [Fact]
    public async Task A_dispatch_answers_still_fetching_and_retiring_the_rig_kills_its_clone()
    {
        await using var harness = Harness();
        var agentId = Guid.NewGuid();
        var launch = harness.Polecat(agentId, new RepositoryRef(harness.RigId, _host.HttpUrl(), "main"), "gt/maple/silent01");

        var first = await harness.Container.StartAgentAsync(launch, Ct);
        first.Status.ShouldBe(ResultStatus.Unavailable);
        first.Errors.ShouldContain(error => error.Contains("still being cloned", StringComparison.Ordinal));
        var clones = _host.ProcessesReachingIt();
        clones.ShouldContain(process => process.Contains(" clone ", StringComparison.Ordinal));

        // The next attempt waits on the same clone: no second one.
        (await harness.Container.StartAgentAsync(launch with { Generation = 2 }, Ct)).Status.ShouldBe(ResultStatus.Unavailable);
        _host.ProcessesReachingIt().Count(process => process.Contains(" clone ", StringComparison.Ordinal))
            .ShouldBe(clones.Count(process => process.Contains(" clone ", StringComparison.Ordinal)));

        await harness.Container.RetireAsync(harness.RigId, LedgerKind.Rig, harness.TownId, [agentId], Ct);

        await Eventually.TrueAsync(() => _host.ProcessesReachingIt().Count == 0, "the clone to be killed with its rig");
        Directory.Exists(Path.Combine(harness.WorkspaceRoot, "rigs", harness.RigId.ToString("N"))).ShouldBeFalse();
    }

    [Fact]
    public async Task Stopping_the_container_kills_the_clones_it_runs()
    {
        var harness = Harness();
        try
        {
            var launch = harness.Polecat(Guid.NewGuid(), new RepositoryRef(harness.RigId, _host.HttpUrl(), "main"), "gt/maple/silent02");
            (await harness.Container.StartAgentAsync(launch, Ct)).Status.ShouldBe(ResultStatus.Unavailable);
            _host.ProcessesReachingIt().ShouldNotBeEmpty();
        }
        finally
        {
            await harness.DisposeAsync();
        }
        await Eventually.TrueAsync(() => _host.ProcessesReachingIt().Count == 0, "no clone to outlive the container");
    }

    [Fact]
    public async Task One_towns_silent_remotes_wait_behind_each_other_and_never_in_front_of_another_town()
    {
        await using var harness = Harness(limits => limits.RemotePerTown = 2);
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        // Four rigs of one town on the silent host: two clones run, two wait for the town's turn.
        var silent = Enumerable.Range(1, 4).Select(i => harness.Polecat(Guid.NewGuid(),
            new RepositoryRef(Guid.NewGuid(), _host.HttpUrl($"rig{i}"), "main"), $"gt/maple/silent{i:00}")).ToList();
        foreach (var launch in silent)
        {
            var result = await harness.Container.StartAgentAsync(launch, Ct);
            result.Status.ShouldBe(ResultStatus.Unavailable, string.Join("; ", result.Errors));
        }
        var clones = _host.ProcessesReachingIt().Where(process => process.Split(": ", 2)[1].StartsWith("/usr/bin/git ", StringComparison.Ordinal)
            || process.Split(": ", 2)[1].StartsWith("git ", StringComparison.Ordinal)).ToList();
        clones.Count.ShouldBe(2, string.Join("\n", _host.ProcessesReachingIt()));

        // Another town's rig starts at once.
        var other = harness.Polecat(Guid.NewGuid(), harness.Repository(origin), "gt/oak/1234abcd") with { TownId = Guid.NewGuid() };
        var started = await harness.Container.StartAgentAsync(other, Ct);
        started.IsSuccess.ShouldBeTrue(string.Join("; ", started.Errors));
    }

    private ContainerHarness Harness(Action<GitLimits>? configure = null) => new(options =>
    {
        options.AllowPrivateNetworks = true;
        options.Git = Patient(configure);
        options.Agents["polecat"] = ContainerHarness.Shell("sleep 30");
    });
}
