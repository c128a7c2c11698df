using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Reviews;

namespace Gastown.Domain.Tests.Transitions;

/// <summary>Review before merge: a failed gate or a rejection requests changes; approve mode waits, then approves.</summary>
public sealed class ReviewRoundTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static ReviewEntry Running() => ReviewEntry.New(Guid.NewGuid(), Guid.NewGuid(), "gt/toast/abc", "did it", Now.AddMinutes(-1)).Claim(Now);

    [Fact]
    public void A_failed_gate_requests_changes_with_the_gates_output_as_feedback()
    {
        GateResult[] gates = [new(["git", "--version"], true, 0, false, "git version 2", 0.1), new(["dotnet", "test"], false, 1, false, "1 test failed", 3)];

        var failed = Running().GateFailed(gates, "base1", Now);

        (failed.Status, failed.BaseCommit, failed.Message).ShouldBe((ReviewStatus.ChangesRequested, "base1", "gate `dotnet test` failed"));
        failed.Feedback.ShouldBe("Gate `dotnet test` failed (exit code 1). Output (tail):\n1 test failed");
        failed.Gates.ShouldBe(gates);
    }

    [Fact]
    public void A_timed_out_gate_says_so()
    {
        var failed = Running().GateFailed([new(["sleep", "600"], false, null, true, "", 1)], "base1", Now);

        failed.Message.ShouldBe("gate `sleep 600` timed out");
        failed.Feedback!.ShouldStartWith("Gate `sleep 600` timed out and was killed.");
    }

    [Fact]
    public void Approve_mode_waits_then_an_approval_queues_the_merge_and_a_rejection_requests_changes()
    {
        var waiting = Running().AwaitApproval([new(["git", "--version"], true, 0, false, "", 0.1)], "base1", Now);
        waiting.IsAwaitingApproval.ShouldBeTrue();

        waiting.Approve(Now).Status.ShouldBe(ReviewStatus.Approved);
        var rejected = waiting.Reject("Add a test.", Now);
        (rejected.Status, rejected.Feedback).ShouldBe((ReviewStatus.ChangesRequested, "Add a test."));
    }

    [Fact]
    public void Requesting_changes_counts_a_round_keeps_the_branch_and_feedback_and_reopens_the_bead()
    {
        var agent = Agent.NewPolecat("web", "Toast", Now);
        var bead = agent.Hook(Bead.New(BeadType.Issue, "Fix it", null, Now), Now).State.Bead;

        var change = bead.RequestChanges("gt/toast/abc", "Gate failed.", agent.Id, Now);

        var sentBack = change.State;
        (sentBack.Status, sentBack.AssigneeAgentId, sentBack.ReviewRounds).ShouldBe((BeadStatus.Open, null, 1));
        sentBack.Metadata[Bead.BranchKey].ShouldBe("gt/toast/abc");
        sentBack.Metadata[Bead.ReviewFeedbackKey].ShouldBe("Gate failed.");
        change.Events.Select(e => e.Type).ShouldBe([BeadEventType.ChangesRequested, BeadEventType.StatusChanged]);
        change.Events[0].NewValue.ShouldBe("1");

        // Whichever polecat takes it next continues the same branch.
        sentBack.WorkBranchFor("Other").ShouldBe("gt/toast/abc");
        bead.WorkBranchFor("Toast").ShouldBe(WorkBranch.For("Toast", bead.Id));
        sentBack.RequestChanges("gt/toast/abc", "Again.", agent.Id, Now).State.ReviewRounds.ShouldBe(2);
    }
}
