using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Tests.Support;
using static Gastown.Infrastructure.Tests.Support.ContainerHarness;

namespace Gastown.Infrastructure.Tests.Container;

/// <summary>
/// The real container deleting a kept (failed, never merged) branch: real git on a bare origin. The branch goes from
/// the origin and the rig's clone, its worktree with it; a branch already gone is success; the default branch is refused.
/// </summary>
public sealed class KeptBranchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_kept_branch_never_pushed_is_published_so_its_next_round_starts_from_it_on_another_node_and_the_first_catches_up()
    {
        // Two nodes (two containers with their own workspaces) on one origin; the agent commits and never pushes.
        const string branch = "gt/maple/rounds1";
        var commitRound = Shell("echo \"$1\" >> work.txt && git add work.txt && git commit -q -m \"$1\"", "{prompt}");
        await using var first = new ContainerHarness(options => options.Agents["polecat"] = commitRound);
        await using var second = new ContainerHarness(options => options.Agents["polecat"] = commitRound);
        var origin = await OriginRepository.CreateAsync(first.Temp);
        var gates = new List<IReadOnlyList<string>> { new[] { "test", "-e", "no-such-file" } };

        // Round 1 on the first node: its gate fails, and the branch it kept is now on the origin.
        var agentId = Guid.NewGuid();
        await first.StartAsync(first.Polecat(agentId, first.Repository(origin), branch, prompt: "round 1"));
        (await first.WaitForExitAsync(agentId)).ExitCode.ShouldBe(0);
        (await first.Container.MergeAsync(new MergeRequest(first.Repository(origin), branch, "Merge", gates, Timeout), Ct)).Value.FailedGate.ShouldNotBeNull();
        (await origin.BareGitAsync("log", "--format=%s", branch)).ShouldStartWith("round 1");

        // Round 2 on the second node starts from round 1, and its kept branch is published in turn.
        await second.StartAsync(second.Polecat(agentId, second.Repository(origin), branch, generation: 2, prompt: "round 2"));
        (await second.WaitForExitAsync(agentId)).ExitCode.ShouldBe(0);
        (await second.Container.MergeAsync(new MergeRequest(second.Repository(origin), branch, "Merge", gates, Timeout), Ct)).Value.FailedGate.ShouldNotBeNull();
        (await origin.BareGitAsync("show", $"{branch}:work.txt")).ShouldBe("round 1\nround 2");

        // Round 3 back on the first node: its worktree catches up with round 2 before the agent runs.
        await first.StartAsync(first.Polecat(agentId, first.Repository(origin), branch, generation: 3, prompt: "round 3"));
        (await first.WaitForExitAsync(agentId)).ExitCode.ShouldBe(0);
        var merged = await first.Container.MergeAsync(new MergeRequest(first.Repository(origin), branch, "Merge rounds"), Ct);
        merged.IsSuccess.ShouldBeTrue(string.Join("; ", merged.Errors));
        (await origin.BareGitAsync("show", "main:work.txt")).ShouldBe("round 1\nround 2\nround 3");
    }

    [Fact]
    public async Task A_failed_branch_is_kept_by_the_merge_and_deleted_on_request_from_the_origin_and_the_clone()
    {
        await using var harness = new ContainerHarness();
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        await origin.PushBranchAsync("gt/a/kept", "feature.txt", "done\n");
        var before = await origin.BareGitAsync("rev-parse", "main");
        var failed = await harness.Container.MergeAsync(new MergeRequest(harness.Repository(origin), "gt/a/kept", "Merge kept",
            [["test", "-e", "no-such-file"]], Timeout, DeleteBranch: true), Ct);
        failed.Value.FailedGate.ShouldNotBeNull();
        (await origin.BareGitAsync("branch", "--list", "gt/a/kept")).ShouldContain("gt/a/kept");

        var deleted = await harness.Container.DeleteBranchAsync(null, harness.Repository(origin), "gt/a/kept", Ct);

        deleted.IsSuccess.ShouldBeTrue(string.Join("; ", deleted.Errors));
        (await origin.BareGitAsync("branch", "--list", "gt/a/kept")).ShouldBeEmpty();
        (await TestGit.RunAsync(Clone(harness), "branch", "--all", "--list", "*gt/a/kept")).ShouldBeEmpty();
        (await origin.BareGitAsync("rev-parse", "main")).ShouldBe(before); // Nothing else moved.

        // Already gone: nothing to do, still success.
        (await harness.Container.DeleteBranchAsync(null, harness.Repository(origin), "gt/a/kept", Ct)).IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public async Task The_default_branch_and_a_bad_branch_name_are_refused_and_nothing_is_deleted()
    {
        await using var harness = new ContainerHarness();
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        var main = await origin.BareGitAsync("rev-parse", "main");

        var refused = await harness.Container.DeleteBranchAsync(null, harness.Repository(origin), "main", Ct);
        refused.Status.ShouldBe(Ardalis.Result.ResultStatus.Invalid);
        var bad = await harness.Container.DeleteBranchAsync(null, harness.Repository(origin), "--force", Ct);
        bad.Status.ShouldBe(Ardalis.Result.ResultStatus.Invalid);

        (await origin.BareGitAsync("rev-parse", "main")).ShouldBe(main);
    }

    private static string Clone(ContainerHarness harness) => Path.Combine(harness.WorkspaceRoot, "rigs", harness.RigId.ToString("N"), "repo");
}
