using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Tests.Support;
using static Gastown.Infrastructure.Tests.Support.ContainerHarness;

namespace Gastown.Infrastructure.Tests.Container;

public sealed class MergeTests
{
    [Fact]
    public async Task A_polecats_local_commit_is_merged_no_ff_and_pushed_then_its_worktree_is_removed()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell(
            "echo hello > feature.txt && git add feature.txt && git commit -q -m 'Add feature'"));
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        var repository = harness.Repository(origin);
        var agentId = Guid.NewGuid();
        const string branch = "gt/maple/feature1";
        await harness.StartAsync(harness.Polecat(agentId, repository, branch));
        (await harness.WaitForExitAsync(agentId)).ExitCode.ShouldBe(0);
        var mainBefore = await origin.BareGitAsync("rev-parse", "main");

        var merged = await harness.Container.MergeAsync(new MergeRequest(repository, branch, "Merge feature1"), Ct);

        merged.IsSuccess.ShouldBeTrue(string.Join("; ", merged.Errors));
        (await origin.BareGitAsync("rev-parse", "main")).ShouldBe(merged.Value.Commit);
        (await origin.BareGitAsync("log", "-1", "--format=%P", "main")).Split(' ').ShouldBe([mainBefore, await ClonedBranchHeadAsync(harness, branch)]);
        (await origin.BareGitAsync("log", "-1", "--format=%s", "main")).ShouldBe("Merge feature1");
        (await origin.BareGitAsync("show", "main:feature.txt")).ShouldBe("hello");
        (await origin.BareGitAsync("log", "-1", "--format=%an <%ae>", $"main^2")).ShouldBe("Maple (gastown) <maple@gastown.local>");

        var rig = Path.Combine(harness.WorkspaceRoot, "rigs", harness.RigId.ToString("N"));
        Directory.Exists(Path.Combine(rig, "worktrees", "gt__maple__feature1")).ShouldBeFalse();
        Directory.EnumerateDirectories(rig, "merge-*").ShouldBeEmpty();
        (await ClonedBranchHeadAsync(harness, branch)).ShouldNotBeEmpty(); // The branch itself is kept.
    }

    [Fact]
    public async Task A_branch_without_a_commit_is_no_merge_runs_no_gate_and_pushes_nothing()
    {
        // The polecat said done without committing anything: its branch is the default branch's head.
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell("echo 'looked around'"));
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        var repository = harness.Repository(origin);
        var agentId = Guid.NewGuid();
        const string branch = "gt/maple/nothing1";
        await harness.StartAsync(harness.Polecat(agentId, repository, branch));
        (await harness.WaitForExitAsync(agentId)).ExitCode.ShouldBe(0);
        var mainBefore = await origin.BareGitAsync("rev-parse", "main");

        var merged = await harness.Container.MergeAsync(
            new MergeRequest(repository, branch, "Merge nothing1", Gates: [["sh", "-c", "echo gate ran; exit 1"]]), Ct);

        merged.IsSuccess.ShouldBeTrue(string.Join("; ", merged.Errors));
        (merged.Value.NoChanges, merged.Value.Commit, merged.Value.BaseCommit).ShouldBe((true, (string?)null, mainBefore));
        merged.Value.Gates.ShouldBeEmpty();
        (await origin.BareGitAsync("rev-parse", "main")).ShouldBe(mainBefore);
        var rig = Path.Combine(harness.WorkspaceRoot, "rigs", harness.RigId.ToString("N"));
        Directory.EnumerateDirectories(rig, "merge-*").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_land_mode_polecat_branches_from_a_feature_branch_created_from_main_and_merges_into_it_leaving_main_alone()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell(
            "echo hello > feature.txt && git add feature.txt && git commit -q -m 'Add feature'"));
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        const string feature = "convoy/greeting/abcdef12/head";
        var repository = harness.Repository(origin).OnFeatureBranch(feature);
        var mainBefore = await origin.BareGitAsync("rev-parse", "main");
        var agentId = Guid.NewGuid();
        const string branch = "gt/maple/land1";

        await harness.StartAsync(harness.Polecat(agentId, repository, branch));
        (await harness.WaitForExitAsync(agentId)).ExitCode.ShouldBe(0);
        (await origin.BareGitAsync("rev-parse", feature)).ShouldBe(mainBefore); // made from main by the dispatch

        var merged = await harness.Container.MergeAsync(new MergeRequest(repository, branch, "Merge land1"), Ct);

        merged.IsSuccess.ShouldBeTrue(string.Join("; ", merged.Errors));
        (await origin.BareGitAsync("rev-parse", feature)).ShouldBe(merged.Value.Commit);
        (await origin.BareGitAsync("show", $"{feature}:feature.txt")).ShouldBe("hello");
        (await origin.BareGitAsync("rev-parse", "main")).ShouldBe(mainBefore);

        // The landing merge: the feature branch into main, once.
        var landed = await harness.Container.MergeAsync(new MergeRequest(harness.Repository(origin), feature, "Land greeting"), Ct);
        landed.IsSuccess.ShouldBeTrue(string.Join("; ", landed.Errors));
        (await origin.BareGitAsync("log", "-1", "--format=%P", "main")).Split(' ').ShouldBe([mainBefore, merged.Value.Commit!]);
        (await origin.BareGitAsync("show", "main:feature.txt")).ShouldBe("hello");
    }

    [Fact]
    public async Task A_merge_into_a_feature_branch_the_remote_lacks_creates_it_from_main_first()
    {
        await using var harness = new ContainerHarness();
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        var pushed = await origin.PushBranchAsync("gt/birch/land2", "remote.txt", "remote work\n");
        var mainBefore = await origin.BareGitAsync("rev-parse", "main");
        const string feature = "convoy/x/12345678/head";

        var merged = await harness.Container.MergeAsync(new MergeRequest(harness.Repository(origin).OnFeatureBranch(feature), "gt/birch/land2", "Merge land2"), Ct);

        merged.IsSuccess.ShouldBeTrue(string.Join("; ", merged.Errors));
        (merged.Value.BaseCommit).ShouldBe(mainBefore);
        (await origin.BareGitAsync("log", "-1", "--format=%P", feature)).Split(' ').ShouldBe([mainBefore, pushed]);
        (await origin.BareGitAsync("rev-parse", "main")).ShouldBe(mainBefore);
    }

    [Fact]
    public async Task A_branch_only_on_the_remote_is_merged_from_origin()
    {
        await using var harness = new ContainerHarness();
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        var pushed = await origin.PushBranchAsync("gt/birch/remote1", "remote.txt", "remote work\n");

        var merged = await harness.Container.MergeAsync(new MergeRequest(harness.Repository(origin), "gt/birch/remote1", "Merge remote1"), Ct);

        merged.IsSuccess.ShouldBeTrue(string.Join("; ", merged.Errors));
        (await origin.BareGitAsync("log", "-1", "--format=%P", "main")).ShouldEndWith(pushed);
        (await origin.BareGitAsync("show", "main:remote.txt")).ShouldBe("remote work");
    }

    [Fact]
    public async Task Conflicting_branches_answer_conflict_push_nothing_and_leave_no_temporary_worktree()
    {
        await using var harness = new ContainerHarness();
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        await origin.PushBranchAsync("gt/a/one", "README.md", "# Test repository\n\nchanged by A\n");
        await origin.PushBranchAsync("gt/b/two", "README.md", "# Test repository\n\nchanged by B\n");
        var repository = harness.Repository(origin);
        var first = await harness.Container.MergeAsync(new MergeRequest(repository, "gt/a/one", "Merge A"), Ct);
        first.IsSuccess.ShouldBeTrue(string.Join("; ", first.Errors));

        var second = await harness.Container.MergeAsync(new MergeRequest(repository, "gt/b/two", "Merge B"), Ct);

        second.Status.ShouldBe(ResultStatus.Conflict);
        second.Errors.ShouldHaveSingleItem().ShouldContain("CONFLICT");
        (await origin.BareGitAsync("rev-parse", "main")).ShouldBe(first.Value.Commit);
        var rig = Path.Combine(harness.WorkspaceRoot, "rigs", harness.RigId.ToString("N"));
        Directory.EnumerateDirectories(rig, "merge-*").ShouldBeEmpty();
        var worktrees = await TestGit.RunAsync(Path.Combine(rig, "repo"), "worktree", "list", "--porcelain");
        worktrees.Split('\n').Count(line => line.StartsWith("worktree ", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_merge_run_again_after_its_record_was_lost_answers_the_pushed_merge_and_makes_no_second(bool branchDeleted)
    {
        // A run pushed the merge (and deleted the branch when asked), then died before the ledger recorded it: the
        // review runs again, from this node or another.
        await using var harness = new ContainerHarness();
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        await origin.PushBranchAsync("gt/birch/lost1", "lost.txt", "work\n");
        var repository = harness.Repository(origin);
        var request = new MergeRequest(repository, "gt/birch/lost1", "Merge gt/birch/lost1: Lost record", DeleteBranch: branchDeleted);
        var first = await harness.Container.MergeAsync(request, Ct);
        first.IsSuccess.ShouldBeTrue(string.Join("; ", first.Errors));
        // Another merge lands on top before the retry, so the pushed merge is no longer the tip.
        await origin.PushBranchAsync("gt/oak/next1", "next.txt", "next\n");
        var next = await harness.Container.MergeAsync(new MergeRequest(repository, "gt/oak/next1", "Merge gt/oak/next1: Next"), Ct);
        next.IsSuccess.ShouldBeTrue(string.Join("; ", next.Errors));

        var again = await harness.Container.MergeAsync(request, Ct);

        again.IsSuccess.ShouldBeTrue(string.Join("; ", again.Errors));
        again.Value.Commit.ShouldBe(first.Value.Commit);
        again.Value.BaseCommit.ShouldBe(first.Value.BaseCommit);
        (await origin.BareGitAsync("rev-parse", "main")).ShouldBe(next.Value.Commit);
        (await origin.BareGitAsync("log", "--merges", "--format=%s", "main")).Split('\n').Count(subject => subject.StartsWith("Merge gt/birch/lost1:")).ShouldBe(1);
    }

    [Fact]
    public async Task A_branch_already_in_the_default_branch_without_its_merge_is_still_merged_as_asked()
    {
        // Its commits reached main some other way (no merge commit of this review): nothing to find, the usual merge.
        await using var harness = new ContainerHarness();
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        var main = await origin.BareGitAsync("rev-parse", "main");
        await origin.BareGitAsync("update-ref", "refs/heads/gt/elm/same1", main);

        var merged = await harness.Container.MergeAsync(new MergeRequest(harness.Repository(origin), "gt/elm/same1", "Merge gt/elm/same1: Same"), Ct);

        merged.IsSuccess.ShouldBeTrue(string.Join("; ", merged.Errors));
        merged.Value.BaseCommit.ShouldBe(main);
    }

    [Fact]
    public async Task An_unknown_branch_is_not_found()
    {
        await using var harness = new ContainerHarness();
        var origin = await OriginRepository.CreateAsync(harness.Temp);

        var merged = await harness.Container.MergeAsync(new MergeRequest(harness.Repository(origin), "gt/nobody/none", "Merge"), Ct);

        merged.Status.ShouldBe(ResultStatus.NotFound);
        merged.Errors.ShouldHaveSingleItem().ShouldContain("not found");
    }

    private static Task<string> ClonedBranchHeadAsync(ContainerHarness harness, string branch) =>
        TestGit.RunAsync(Path.Combine(harness.WorkspaceRoot, "rigs", harness.RigId.ToString("N"), "repo"), "rev-parse", $"refs/heads/{branch}");
}
