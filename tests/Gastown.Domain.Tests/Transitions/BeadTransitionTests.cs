using Gastown.Domain.Beads;

namespace Gastown.Domain.Tests.Transitions;

public sealed class BeadTransitionTests
{
    private static readonly DateTimeOffset Then = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Then.AddMinutes(5);
    private static readonly Guid AgentId = Guid.NewGuid();

    private static Bead Open() => Bead.New(BeadType.Issue, "Fix the login", null, Then);

    private static Bead InProgress() => Open() with { Status = BeadStatus.InProgress, AssigneeAgentId = AgentId };

    [Fact]
    public void Create_is_an_open_unassigned_bead_with_its_recordedevent()
    {
        var created = Bead.Create(BeadType.Issue, "Fix the login", "Details", Now, BeadPriority.High, new Dictionary<string, string> { ["model"] = "m" });

        created.State.Status.ShouldBe(BeadStatus.Open);
        created.State.AssigneeAgentId.ShouldBeNull();
        created.State.Priority.ShouldBe(BeadPriority.High);
        created.State.Metadata["model"].ShouldBe("m");
        var recorded = created.Events.ShouldHaveSingleItem();
        (recorded.BeadId, recorded.AgentId, recorded.Type, recorded.NewValue, recorded.CreatedAt)
            .ShouldBe((created.State.Id, (Guid?)null, BeadEventType.Created, "issue", Now));
    }

    [Fact]
    public void Addressing_a_message_assigns_it_without_starting_it()
    {
        var message = Bead.Create(BeadType.Message, "Hello", null, Now, agentId: AgentId).Then(bead => bead.AddressTo(AgentId, Now));

        message.State.Status.ShouldBe(BeadStatus.Open);
        message.State.AssigneeAgentId.ShouldBe(AgentId);
        message.Events.Select(e => e.Type).ShouldBe([BeadEventType.Created, BeadEventType.Assigned]);
        message.Events[0].NewValue.ShouldBe("message");
        (message.Events[1].OldValue, message.Events[1].NewValue).ShouldBe(((string?)null, AgentId.ToString()));
        message.Events.ShouldAllBe(e => e.AgentId == AgentId);
    }

    [Fact]
    public void Close_closes_with_a_status_change_and_a_closed_event()
    {
        var closed = InProgress().Close(AgentId, Now);

        closed.State.Status.ShouldBe(BeadStatus.Closed);
        closed.State.ClosedAt.ShouldBe(Now);
        closed.State.UpdatedAt.ShouldBe(Now);
        closed.Events.Select(e => e.Type).ShouldBe([BeadEventType.StatusChanged, BeadEventType.Closed]);
        (closed.Events[0].OldValue, closed.Events[0].NewValue).ShouldBe(("in_progress", "closed"));
        closed.Events.ShouldAllBe(e => e.AgentId == AgentId && e.CreatedAt == Now);
    }

    [Fact]
    public void Changing_to_the_same_status_implies_no_event()
    {
        InProgress().ChangeStatus(BeadStatus.InProgress, AgentId, Now).Events.ShouldBeEmpty();
    }

    [Fact]
    public void Changing_status_records_old_and_new()
    {
        var reopened = InProgress().ChangeStatus(BeadStatus.Open, AgentId, Now);

        reopened.State.Status.ShouldBe(BeadStatus.Open);
        reopened.State.AssigneeAgentId.ShouldBe(AgentId, "an agent marking its bead open keeps it");
        var changed = reopened.Events.ShouldHaveSingleItem();
        (changed.Type, changed.OldValue, changed.NewValue).ShouldBe((BeadEventType.StatusChanged, "in_progress", "open"));
    }

    [Fact]
    public void Changing_status_to_closed_is_a_close()
    {
        var closed = InProgress().ChangeStatus(BeadStatus.Closed, AgentId, Now);

        closed.State.ClosedAt.ShouldBe(Now);
        closed.Events.Select(e => e.Type).ShouldBe([BeadEventType.StatusChanged, BeadEventType.Closed]);
    }

    [Fact]
    public void Reopen_unassigns_and_an_escalated_reopen_marks_it()
    {
        var plain = InProgress().Reopen(escalated: false, AgentId, Now);
        plain.State.Status.ShouldBe(BeadStatus.Open);
        plain.State.AssigneeAgentId.ShouldBeNull();
        plain.State.EscalatedAt.ShouldBeNull();
        plain.Events.ShouldHaveSingleItem().Type.ShouldBe(BeadEventType.StatusChanged);

        var escalated = InProgress().Reopen(escalated: true, AgentId, Now);
        escalated.State.EscalatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Reopening_an_open_bead_implies_no_event()
    {
        Open().Reopen(escalated: true, null, Now).Events.ShouldBeEmpty();
    }

    [Fact]
    public void Merge_records_branch_and_commit_then_closes()
    {
        var merged = InProgress().Merge("polecat/toast/abc", "c0ffee", AgentId, Now);

        merged.State.Status.ShouldBe(BeadStatus.Closed);
        merged.Events.Select(e => e.Type).ShouldBe([BeadEventType.Merged, BeadEventType.StatusChanged, BeadEventType.Closed]);
        (merged.Events[0].OldValue, merged.Events[0].NewValue).ShouldBe(("polecat/toast/abc", "c0ffee"));
    }

    [Fact]
    public void Closing_without_changes_marks_the_resolution_keeps_the_summary_and_closes_without_a_merge()
    {
        var closed = InProgress().CloseWithoutChanges("Already done upstream.", AgentId, Now);

        (closed.State.Status, closed.State.ClosedAt).ShouldBe((BeadStatus.Closed, (DateTimeOffset?)Now));
        closed.State.Metadata[Bead.ResolutionKey].ShouldBe(Bead.NoChangesResolution);
        closed.State.Metadata[Bead.NoChangesSummaryKey].ShouldBe("Already done upstream.");
        closed.Events.Select(e => e.Type).ShouldBe([BeadEventType.ClosedWithoutChanges, BeadEventType.StatusChanged, BeadEventType.Closed]);
        (closed.Events[0].NewValue, closed.Events[0].AgentId).ShouldBe(("Already done upstream.", (Guid?)AgentId));
        BeadEventType.ClosedWithoutChanges.ToText().ShouldBe("closed_without_changes");
    }

    [Fact]
    public void Merging_a_bead_that_already_ended_only_records_the_merge()
    {
        var closed = InProgress().Close(AgentId, Then).State;

        var merged = closed.Merge("b", "c0ffee", AgentId, Now);

        merged.State.ShouldBe(closed);
        merged.Events.ShouldHaveSingleItem().Type.ShouldBe(BeadEventType.Merged);
    }

    [Fact]
    public void A_failed_merge_records_why_and_leaves_the_bead_as_it_is()
    {
        var bead = InProgress();

        var failed = bead.MergeFailed("b", "conflict in README.md", AgentId, Now);

        failed.State.ShouldBe(bead);
        var recorded = failed.Events.ShouldHaveSingleItem();
        (recorded.Type, recorded.OldValue, recorded.NewValue).ShouldBe((BeadEventType.MergeFailed, "b", "conflict in README.md"));
    }

    [Fact]
    public void An_escalation_is_a_new_bead_about_its_subject_with_an_escalated_event_on_the_subject()
    {
        var subject = InProgress();

        var escalation = Bead.Escalation(subject.Id, AgentId, "Stuck", "I need a key.", BeadPriority.High, Now);

        escalation.State.Type.ShouldBe(BeadType.Escalation);
        escalation.State.Priority.ShouldBe(BeadPriority.High);
        (escalation.State.Title, escalation.State.Body).ShouldBe(("Stuck", "I need a key."));
        escalation.State.Metadata["bead_id"].ShouldBe(subject.Id.ToString());
        escalation.State.Metadata["agent_id"].ShouldBe(AgentId.ToString());
        escalation.Events.Select(e => (e.BeadId, e.Type)).ShouldBe([
            (escalation.State.Id, BeadEventType.Created), (subject.Id, BeadEventType.Escalated)]);
        escalation.Events[1].NewValue.ShouldBe(escalation.State.Id.ToString());
        escalation.Events[1].Metadata["reason"].ShouldBe("I need a key.");
    }

    [Fact]
    public void An_escalation_about_nothing_has_only_its_recordedevent()
    {
        var escalation = Bead.Escalation(null, null, "Help", "", BeadPriority.Medium, Now);

        escalation.State.Metadata.ShouldBeEmpty();
        escalation.Events.ShouldHaveSingleItem().Type.ShouldBe(BeadEventType.Created);
    }
}
