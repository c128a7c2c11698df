using Ardalis.Result;
using Gastown.Application.AgentApi.CloseBead;
using Gastown.Application.AgentApi.Done;
using Gastown.Application.Beads.CancelBead;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Reviews.CleanUpBranches;
using Gastown.Application.Rigs.UpdateRig;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Reviews;

namespace Gastown.Application.Tests.Reviews;

/// <summary>
/// Branch hygiene of kept branches (the in-memory container records what it is asked to delete; real git is the
/// subject of the EndToEnd review tests): a failed or rejected branch stays while its bead is open, goes once the bead
/// is cancelled or closed, only when <c>deleteMergedBranches</c> is on, and never while an entry of it awaits a merge.
/// </summary>
public sealed class CleanUpBranchesTests : IAsyncLifetime
{
    private readonly AppHarness _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_branch_that_failed_its_gate_is_kept_while_the_bead_is_open_and_deleted_once_it_is_cancelled()
    {
        var (polecat, branch) = await FailAGateAsync();

        (await CleanUpAsync(polecat.Rig.Id)).ShouldBe(new CleanUpBranchesResponse(0, 0, 0));
        _app.Container.DeletedBranches.ShouldBeEmpty();

        (await _app.SendAsync(polecat.Owner, new CancelBeadCommand(polecat.Rig.Id, polecat.Bead.Id))).ShouldSucceed();
        (await CleanUpAsync(polecat.Rig.Id)).ShouldBe(new CleanUpBranchesResponse(1, 0, 0));
        _app.Container.DeletedBranches.ShouldBe([branch]);
        var entry = (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Reviews.ListAsync(null, AppHarness.Ct))).ShouldHaveSingleItem();
        (entry.Status, entry.BranchDeletedAt is not null).ShouldBe((ReviewStatus.ChangesRequested, true));

        // Recorded: a second sweep asks nothing more of git.
        (await CleanUpAsync(polecat.Rig.Id)).ShouldBe(new CleanUpBranchesResponse(0, 0, 0));
        _app.Container.DeletedBranches.ShouldBe([branch]);
    }

    [Fact]
    public async Task A_branch_is_deleted_once_its_polecat_closes_the_bead_and_kept_when_the_rig_turns_hygiene_off()
    {
        var (polecat, branch) = await FailAGateAsync();
        (await _app.SendAsync(polecat.Owner, new UpdateRigCommand(polecat.Rig.Id, Review: new RigReviewPatch(DeleteMergedBranches: false)))).ShouldSucceed();
        (await _app.SendAsync(polecat.Session(), new CloseBeadCommand(polecat.Agent.Id, polecat.Bead.Id))).ShouldSucceed();
        _app.Container.Exit(polecat.Agent.Id, 0);

        (await CleanUpAsync(polecat.Rig.Id)).ShouldBe(new CleanUpBranchesResponse(0, 0, 0));
        _app.Container.DeletedBranches.ShouldBeEmpty();

        (await _app.SendAsync(polecat.Owner, new UpdateRigCommand(polecat.Rig.Id, Review: new RigReviewPatch(DeleteMergedBranches: true)))).ShouldSucceed();
        (await CleanUpAsync(polecat.Rig.Id)).ShouldBe(new CleanUpBranchesResponse(1, 0, 0));
        _app.Container.DeletedBranches.ShouldBe([branch]);
    }

    [Fact]
    public async Task A_branch_whose_idle_polecat_still_runs_is_deferred_and_a_branch_waiting_for_its_merge_is_never_touched()
    {
        var (polecat, branch) = await FailAGateAsync();
        await _app.TickAsync(polecat.Rig.Id); // Dispatched again for the second round: its process runs.
        var agent = await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
        (await _app.SendAsync(polecat.Session(agent.Generation), new CloseBeadCommand(polecat.Agent.Id, polecat.Bead.Id))).ShouldSucceed();
        (await CleanUpAsync(polecat.Rig.Id)).ShouldBe(new CleanUpBranchesResponse(0, 1, 0)); // Its process has not exited yet.

        // Another entry of the same branch waits for a merge: the branch must stay, whatever the bead's state.
        await _app.WriteLedgerAsync(polecat.Rig.Id, ledger =>
            ledger.Reviews.InsertAsync(ReviewEntry.New(polecat.Agent.Id, polecat.Bead.Id, branch, "again", _app.Clock.GetUtcNow()), AppHarness.Ct));
        _app.Container.Exit(polecat.Agent.Id, 0);
        (await CleanUpAsync(polecat.Rig.Id)).ShouldBe(new CleanUpBranchesResponse(0, 0, 0));
        _app.Container.DeletedBranches.ShouldBeEmpty();
    }

    [Fact]
    public async Task Only_the_system_may_clean_up()
    {
        var (polecat, _) = await FailAGateAsync();
        var result = await _app.SendAsync(polecat.Owner, new CleanUpBranchesCommand(polecat.Rig.Id));
        result.IsSuccess.ShouldBeFalse();
        _app.Container.DeletedBranches.ShouldBeEmpty();
    }

    /// <summary>A polecat finishes; its gate fails (one round of changes requested); the bead is back with it, open.</summary>
    private async Task<(SlungPolecat Polecat, string Branch)> FailAGateAsync()
    {
        var polecat = await _app.SlingToNewPolecatAsync("Add a greeting");
        (await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, null, "Added a greeting."))).ShouldSucceed();
        _app.Container.QueueMerge(Result.Success(new MergeOutcome(null, "base1",
            [new GateResult(["dotnet", "test"], false, 1, false, "Failed: GreetingTests.Says_hello", 2.5)])));
        await _app.TickAsync(polecat.Rig.Id);
        var bead = await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id);
        (bead.Status, bead.ReviewRounds).ShouldBe((BeadStatus.InProgress, 1));
        return (polecat, WorkBranch.For(polecat.Agent.Name, polecat.Bead.Id));
    }

    private async Task<CleanUpBranchesResponse> CleanUpAsync(Guid rigId)
    {
        var result = await _app.SendAsync(Actor.System, new CleanUpBranchesCommand(rigId));
        result.ShouldSucceed();
        return result.Value;
    }
}
