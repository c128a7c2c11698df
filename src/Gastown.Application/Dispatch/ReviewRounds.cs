namespace Gastown.Application.Dispatch;

/// <summary>
/// Sends a bead back for changes after a failed gate or a reviewer's rejection, in the caller's transaction: the bead
/// counts one more review round and keeps its branch and the feedback; the polecat that made the branch hooks it
/// again when it is free (else the bead waits in the queue for any polecat, which continues the same branch); the
/// feedback goes to that polecat's mail. Once the rounds reach the rig's <c>maxReviewRounds</c>, it escalates instead.
/// </summary>
public static class ReviewRounds
{
    public const string ReviewerAddress = "refinery";
    public const string ChangesRequestedSubject = "CHANGES_REQUESTED";

    /// <summary>
    /// The feedback of a branch with nothing on it (done called, or a review reached, without a commit): it names the
    /// way out for a bead that truly needs no change, so an agent is not sent round until it escalates.
    /// </summary>
    public static string NoChangesFeedback(string branch, string? defaultBranch) =>
        $"No changes on your branch: {branch} has no commit beyond {defaultBranch ?? "the default branch"}, so there is nothing to merge. " +
        "Do the bead's work, commit it on this branch, then call gt_done. If the bead truly needs no change, call gt_done " +
        "with noChanges: true and a summary of why.";

    /// <summary>Answers true when the bead went back to a polecat (or the queue), false when it escalated.</summary>
    public static async Task<bool> RequestChangesAsync(
        ILedgerSession ledger, ReviewEntry entry, Bead bead, string feedback, int maxReviewRounds, DateTimeOffset now, CancellationToken ct)
    {
        if (bead.IsTerminal) return false;
        var agent = await ledger.Agents.GetAsync(entry.AgentId, ct);
        var sentBack = await ledger.SaveAsync(bead.RequestChanges(entry.Branch, feedback, entry.AgentId, now), ct);

        if (sentBack.ReviewRounds >= maxReviewRounds)
        {
            await LedgerChanges.GiveUpAsync(ledger, sentBack, agent is not null && agent.HookedBeadId == bead.Id ? agent : null,
                $"Review rounds exhausted: {bead.Title}",
                $"{entry.Branch} failed review {sentBack.ReviewRounds} time(s) (maxReviewRounds {maxReviewRounds}). Last feedback: {feedback} The branch is kept; the bead is open again.",
                BeadPriority.High, now, ct);
            return false;
        }

        if (agent is { Role: AgentRole.Polecat, Status: AgentStatus.Idle, HookedBeadId: null })
        {
            await ledger.SaveAsync(agent.Hook(sentBack, now), ct);
            await ledger.Mail.InsertAsync(MailMessage.New(ReviewerAddress, agent.Id, ChangesRequestedSubject,
                $"Review round {sentBack.ReviewRounds} of '{bead.Title}' asks for changes on {entry.Branch}:\n{feedback}", now), ct);
        }
        await ledger.Alarm.ArmAsync(now, ct);
        return true;
    }
}
