using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Tests.Support;
using static Gastown.Infrastructure.Tests.Support.ContainerHarness;

namespace Gastown.Infrastructure.Tests.Container;

/// <summary>Review gates in the real container's merge: real git, real gate processes (argument lists, no shell).</summary>
public sealed class GateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Passing_gates_run_in_the_merge_worktree_then_push_and_delete_the_merged_branch()
    {
        await using var harness = new ContainerHarness();
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        await origin.PushBranchAsync("gt/a/pass", "feature.txt", "done\n");
        var before = await origin.BareGitAsync("rev-parse", "main");

        // `test -e feature.txt` only passes where the branch is merged in: the gate runs in the merge worktree.
        var merged = await harness.Container.MergeAsync(new MergeRequest(harness.Repository(origin), "gt/a/pass", "Merge pass",
            [["git", "--version"], ["test", "-e", "feature.txt"]], Timeout, DeleteBranch: true), Ct);

        merged.IsSuccess.ShouldBeTrue(string.Join("; ", merged.Errors));
        merged.Value.Commit.ShouldNotBeNull();
        merged.Value.BaseCommit.ShouldBe(before);
        merged.Value.Gates.Select(gate => (gate.CommandText, gate.Passed, gate.ExitCode)).ShouldBe([("git --version", true, 0), ("test -e feature.txt", true, 0)]);
        merged.Value.Gates[0].OutputTail.ShouldContain("git version");
        (await origin.BareGitAsync("rev-parse", "main")).ShouldBe(merged.Value.Commit);
        // Merged and confirmed on the remote: the branch is gone there and in the rig's clone.
        (await origin.BareGitAsync("branch", "--list", "gt/a/pass")).ShouldBeEmpty();
        (await TestGit.RunAsync(Clone(harness), "branch", "--all", "--list", "*gt/a/pass")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_failing_gate_pushes_nothing_keeps_the_branch_and_says_which_gate_failed_with_its_output()
    {
        await using var harness = new ContainerHarness();
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        await origin.PushBranchAsync("gt/a/fail", "feature.txt", "done\n");
        var before = await origin.BareGitAsync("rev-parse", "main");

        var merged = await harness.Container.MergeAsync(new MergeRequest(harness.Repository(origin), "gt/a/fail", "Merge fail",
            [["git", "--version"], ["git", "rev-parse", "--verify", "refs/heads/no-such-branch"], ["test", "-e", "feature.txt"]], Timeout,
            DeleteBranch: true), Ct);

        merged.IsSuccess.ShouldBeTrue(string.Join("; ", merged.Errors));
        merged.Value.Commit.ShouldBeNull();
        merged.Value.Gates.Count.ShouldBe(2); // The third never ran.
        var failed = merged.Value.FailedGate.ShouldNotBeNull();
        (failed.CommandText, failed.ExitCode, failed.TimedOut).ShouldBe(("git rev-parse --verify refs/heads/no-such-branch", 128, false));
        failed.OutputTail.ShouldContain("fatal");
        (await origin.BareGitAsync("rev-parse", "main")).ShouldBe(before);
        (await origin.BareGitAsync("branch", "--list", "gt/a/fail")).ShouldContain("gt/a/fail");
        Directory.EnumerateDirectories(Path.Combine(harness.WorkspaceRoot, "rigs", harness.RigId.ToString("N")), "merge-*").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_hanging_gate_is_killed_at_its_timeout_and_counts_as_failed()
    {
        await using var harness = new ContainerHarness();
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        await origin.PushBranchAsync("gt/a/hang", "feature.txt", "done\n");
        var before = await origin.BareGitAsync("rev-parse", "main");

        var merged = await harness.Container.MergeAsync(new MergeRequest(harness.Repository(origin), "gt/a/hang", "Merge hang",
            [["sleep", "600"]], TimeSpan.FromSeconds(1)), Ct);

        var failed = merged.Value.FailedGate.ShouldNotBeNull();
        (failed.TimedOut, failed.ExitCode).ShouldBe((true, (int?)null));
        failed.OutputTail.ShouldContain("gate timeout");
        merged.Value.Commit.ShouldBeNull();
        (await origin.BareGitAsync("rev-parse", "main")).ShouldBe(before);
    }

    [Fact]
    public async Task A_gate_sees_the_towns_variables_redacted_in_its_output_and_none_of_the_servers_secrets()
    {
        Environment.SetEnvironmentVariable("GASTOWN_GATE_TEST_SIGNING", "server-only-value");
        Environment.SetEnvironmentVariable("GATE_TEST_API_KEY", "server-api-key-value");
        await using var harness = new ContainerHarness();
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        await origin.PushBranchAsync("gt/a/env", "feature.txt", "done\n");

        var merged = await harness.Container.MergeAsync(new MergeRequest(harness.Repository(origin), "gt/a/env", "Merge env",
            [["env"]], Timeout, new Dictionary<string, string> { ["TOWN_VAR"] = "town-secret-value" }, Push: false), Ct);

        var output = merged.Value.Gates.ShouldHaveSingleItem().OutputTail;
        output.ShouldContain("TOWN_VAR=****");
        output.ShouldNotContain("town-secret-value");
        output.ShouldNotContain("GASTOWN_GATE_TEST_SIGNING");
        output.ShouldNotContain("server-api-key-value");
    }

    [Fact]
    public async Task A_check_without_push_leaves_the_remote_alone_and_an_approved_merge_reruns_gates_only_when_the_default_branch_moved()
    {
        await using var harness = new ContainerHarness();
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        await origin.PushBranchAsync("gt/a/approve", "feature.txt", "done\n");
        var before = await origin.BareGitAsync("rev-parse", "main");
        var repository = harness.Repository(origin);
        IReadOnlyList<IReadOnlyList<string>> gates = [["test", "-e", "feature.txt"]];

        var checkedOnly = await harness.Container.MergeAsync(new MergeRequest(repository, "gt/a/approve", "Merge", gates, Timeout, Push: false), Ct);
        (checkedOnly.Value.Commit, checkedOnly.Value.BaseCommit, checkedOnly.Value.Gates.Count).ShouldBe((null, before, 1));
        (await origin.BareGitAsync("rev-parse", "main")).ShouldBe(before);

        // The default branch moves: the approved merge runs its gates again on the new base.
        var moved = await origin.PushBranchAsync("main", "other.txt", "other\n");
        var approved = await harness.Container.MergeAsync(new MergeRequest(repository, "gt/a/approve", "Merge", gates, Timeout,
            GatesPassedOn: before), Ct);
        approved.Value.Commit.ShouldNotBeNull();
        approved.Value.BaseCommit.ShouldBe(moved);
        approved.Value.Gates.ShouldHaveSingleItem().Passed.ShouldBeTrue();

        // Unmoved: gates that passed on this very base are not run again.
        await origin.PushBranchAsync("gt/b/again", "second.txt", "second\n");
        var head = await origin.BareGitAsync("rev-parse", "main");
        var again = await harness.Container.MergeAsync(new MergeRequest(repository, "gt/b/again", "Merge", [["false"]], Timeout,
            GatesPassedOn: head), Ct);
        again.Value.Commit.ShouldNotBeNull();
        again.Value.Gates.ShouldBeEmpty();
    }

    private static string Clone(ContainerHarness harness) => Path.Combine(harness.WorkspaceRoot, "rigs", harness.RigId.ToString("N"), "repo");
}
