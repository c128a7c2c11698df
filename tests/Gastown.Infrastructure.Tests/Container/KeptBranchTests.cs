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

        var deleted = await harness.Container.DeleteBranchAsync(harness.Repository(origin), "gt/a/kept", Ct);

        deleted.IsSuccess.ShouldBeTrue(string.Join("; ", deleted.Errors));
        (await origin.BareGitAsync("branch", "--list", "gt/a/kept")).ShouldBeEmpty();
        (await TestGit.RunAsync(Clone(harness), "branch", "--all", "--list", "*gt/a/kept")).ShouldBeEmpty();
        (await origin.BareGitAsync("rev-parse", "main")).ShouldBe(before); // Nothing else moved.

        // Already gone: nothing to do, still success.
        (await harness.Container.DeleteBranchAsync(harness.Repository(origin), "gt/a/kept", Ct)).IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public async Task The_default_branch_and_a_bad_branch_name_are_refused_and_nothing_is_deleted()
    {
        await using var harness = new ContainerHarness();
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        var main = await origin.BareGitAsync("rev-parse", "main");

        var refused = await harness.Container.DeleteBranchAsync(harness.Repository(origin), "main", Ct);
        refused.Status.ShouldBe(Ardalis.Result.ResultStatus.Invalid);
        var bad = await harness.Container.DeleteBranchAsync(harness.Repository(origin), "--force", Ct);
        bad.Status.ShouldBe(Ardalis.Result.ResultStatus.Invalid);

        (await origin.BareGitAsync("rev-parse", "main")).ShouldBe(main);
    }

    private static string Clone(ContainerHarness harness) => Path.Combine(harness.WorkspaceRoot, "rigs", harness.RigId.ToString("N"), "repo");
}
