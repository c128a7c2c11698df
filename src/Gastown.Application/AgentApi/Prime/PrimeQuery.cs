using Gastown.Application.Agents;
using Gastown.Application.Beads;
using Gastown.Application.Mail;

namespace Gastown.Application.AgentApi.Prime;

/// <summary>What an agent needs to start: itself, its hooked bead, its unread mail and its open beads.</summary>
public sealed record PrimeQuery(Guid AgentId) : IQuery<Result<PrimeContext>>, IAgentRequest;

/// <summary>
/// <see cref="Branch"/> is the branch a polecat works on for its hooked bead; <see cref="Instructions"/> says, in a
/// sentence or two, what the agent is expected to do with all this (the rule to commit and call done).
/// <see cref="ReviewFeedback"/> is the latest review's request for changes on the hooked bead (a failed gate's output
/// tail or a reviewer's words), and <see cref="ReviewRounds"/> how many reviews asked for changes so far.
/// </summary>
public sealed record PrimeContext(
    AgentResponse Agent,
    BeadResponse? HookedBead,
    IReadOnlyList<MailResponse> UndeliveredMail,
    IReadOnlyList<BeadResponse> OpenBeads,
    string? Branch = null,
    string? Instructions = null,
    string? ReviewFeedback = null,
    int ReviewRounds = 0);

internal sealed class PrimeHandler(AgentAccess access) : IQueryHandler<PrimeQuery, Result<PrimeContext>>
{
    public async ValueTask<Result<PrimeContext>> Handle(PrimeQuery query, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(query.AgentId, LedgerAccess.Read, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;

        var agent = scope.Agent;
        var hooked = await scope.HookedBeadAsync(cancellationToken);
        var mail = await scope.Ledger.Mail.ListUndeliveredAsync(agent.Id, cancellationToken);
        var open = await scope.Ledger.Beads.ListAsync(
            new BeadFilter(Statuses: [BeadStatus.Open, BeadStatus.InProgress], AssigneeAgentId: agent.Id, Limit: 50), cancellationToken);
        var branch = agent.Role == AgentRole.Polecat && hooked is not null ? hooked.WorkBranchFor(agent.Name) : null;
        return new PrimeContext(
            AgentResponse.From(agent), hooked is null ? null : BeadResponse.From(hooked), MailResponse.From(mail), BeadResponse.From(open),
            branch, Instructions(agent, hooked, branch), hooked?.Metadata.GetValueOrDefault(Bead.ReviewFeedbackKey), hooked?.ReviewRounds ?? 0);
    }

    private static string Instructions(Agent agent, Bead? hooked, string? branch) => agent.Role switch
    {
        AgentRole.Mayor =>
            "You are the town's mayor. Answer each user message with gt_reply (pass its id as inReplyTo); hand work to " +
            "polecats with gt_sling into one of your town's rigs (gt_list_rigs).",
        _ when hooked is null => "Nothing is hooked to you: there is no work to do. Check your mail with gt_mail_check.",
        _ =>
            $"Do the work the hooked bead describes in your working directory, on branch '{branch}'. Commit your changes " +
            "on that branch (and push it), say what you are doing with gt_status as you go, then call gt_done with a " +
            "short summary. A branch without a commit is not merged; only if the bead truly needs no change, call gt_done " +
            "with noChanges: true and a summary of why. If you are stuck, call gt_escalate instead of guessing." +
            (hooked.Metadata.ContainsKey(Bead.ReviewFeedbackKey)
                ? " A review asked for changes on this branch: read reviewFeedback, fix it on the same branch, commit, then call gt_done again."
                : ""),
    };
}
