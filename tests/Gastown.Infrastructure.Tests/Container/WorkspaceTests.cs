using Gastown.Infrastructure.Tests.Support;
using static Gastown.Infrastructure.Tests.Support.ContainerHarness;

namespace Gastown.Infrastructure.Tests.Container;

public sealed class WorkspaceTests
{
    private const string ShowWorkspace = "git rev-parse --abbrev-ref HEAD; pwd -P; git log -1 --format=%s";

    [Fact]
    public async Task A_polecat_gets_the_shared_clone_and_its_own_worktree_on_its_branch()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell(ShowWorkspace));
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        var agentId = Guid.NewGuid();

        await harness.StartAsync(harness.Polecat(agentId, harness.Repository(origin), "gt/maple/1234abcd"));
        (await harness.WaitForExitAsync(agentId)).ExitCode.ShouldBe(0);

        var rig = Path.Combine(harness.WorkspaceRoot, "rigs", harness.RigId.ToString("N"));
        var worktree = Path.Combine(rig, "worktrees", "gt__maple__1234abcd");
        Directory.Exists(Path.Combine(rig, "repo", ".git")).ShouldBeTrue();
        harness.Output(agentId).ShouldBe(["gt/maple/1234abcd", worktree, "Initial commit"]);
        File.Exists(Path.Combine(worktree, "README.md")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_worktree_is_reused_by_the_next_dispatch_on_the_same_branch()
    {
        await using var harness = new ContainerHarness(o =>
            o.Agents["polecat"] = Shell("""[ -n "$1" ] && echo "$1" > work.txt && git add work.txt && git commit -q -m "$1"; git log -1 --format=%s""", "{prompt}"));
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        var agentId = Guid.NewGuid();
        var repository = harness.Repository(origin);

        await harness.StartAsync(harness.Polecat(agentId, repository, "gt/maple/reuse", generation: 1, prompt: "first pass"));
        await harness.WaitForExitAsync(agentId);
        await harness.StartAsync(harness.Polecat(agentId, repository, "gt/maple/reuse", generation: 2, prompt: ""));
        (await harness.WaitForExitAsync(agentId)).Generation.ShouldBe(2);

        harness.Output(agentId).ShouldBe(["first pass", "first pass"]);
    }

    [Fact]
    public async Task A_branch_the_remote_already_has_is_checked_out_from_the_remote()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell("cat notes.txt; git rev-parse --abbrev-ref '@{upstream}'"));
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        await origin.PushBranchAsync("gt/maple/remote", "notes.txt", "from the remote\n");
        var agentId = Guid.NewGuid();

        await harness.StartAsync(harness.Polecat(agentId, harness.Repository(origin), "gt/maple/remote"));
        await harness.WaitForExitAsync(agentId);

        harness.Output(agentId).ShouldBe(["from the remote", "origin/gt/maple/remote"]);
    }

    [Fact]
    public async Task A_new_branch_pushes_to_its_own_name_not_the_default_branch()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell("git config branch.$GASTOWN_BRANCH.merge"));
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        var agentId = Guid.NewGuid();

        await harness.StartAsync(harness.Polecat(agentId, harness.Repository(origin), "gt/maple/upstream"));
        await harness.WaitForExitAsync(agentId);

        harness.Output(agentId).ShouldBe(["refs/heads/gt/maple/upstream"]);
    }

    [Fact]
    public async Task A_leftover_partial_clone_is_replaced()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell("git log -1 --format=%s"));
        var origin = await OriginRepository.CreateAsync(harness.Temp);
        var partial = Path.Combine(harness.WorkspaceRoot, "rigs", harness.RigId.ToString("N"), "repo");
        Directory.CreateDirectory(Path.Combine(partial, ".git"));
        await File.WriteAllTextAsync(Path.Combine(partial, "half-written"), "x", Ct);
        var agentId = Guid.NewGuid();

        await harness.StartAsync(harness.Polecat(agentId, harness.Repository(origin), "gt/maple/partial"));
        await harness.WaitForExitAsync(agentId);

        harness.Output(agentId).ShouldBe(["Initial commit"]);
        File.Exists(Path.Combine(partial, "half-written")).ShouldBeFalse();
    }

    [Fact]
    public async Task The_mayor_gets_its_own_git_workspace_in_the_town()
    {
        await using var harness = new ContainerHarness(o => o.Agents["mayor"] = Shell("""pwd -P; git rev-parse --is-inside-work-tree; echo "rig=[$GASTOWN_RIG_ID] role=$GASTOWN_ROLE" """));
        var mayorId = Guid.NewGuid();

        await harness.StartAsync(harness.Mayor(mayorId));
        await harness.WaitForExitAsync(mayorId);

        var workspace = Path.Combine(harness.WorkspaceRoot, "towns", harness.TownId.ToString("N"), "mayor");
        harness.Output(mayorId).ShouldBe([workspace, "true", "rig=[] role=mayor"]);
    }

    [Fact]
    public async Task A_clone_that_fails_is_an_error_not_an_exception()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell("true"));
        var missing = new Gastown.Application.Common.Ports.RepositoryRef(harness.RigId, harness.Temp.Combine("no-such-repo.git"), "main");

        var started = await harness.Container.StartAgentAsync(harness.Polecat(Guid.NewGuid(), missing, "gt/maple/x"), Ct);

        started.Status.ShouldBe(Ardalis.Result.ResultStatus.Error);
        started.Errors.ShouldHaveSingleItem().ShouldContain("clone");
    }
}
