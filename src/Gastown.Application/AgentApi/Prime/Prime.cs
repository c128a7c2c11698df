using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Mail;
using Mediator;

namespace Gastown.Application.AgentApi.Prime;

/// <summary>What an agent needs to start: itself, its hooked bead, its unread mail and its open beads.</summary>
public sealed record Prime(Guid AgentId) : IQuery<Result<PrimeContext>>, IAgentRequest;

/// <summary>
/// <see cref="Branch"/> is the branch a polecat works on for its hooked bead; <see cref="Instructions"/> says, in a
/// sentence or two, what the agent is expected to do with all this (the rule to commit and call done).
/// </summary>
public sealed record PrimeContext(
    Agent Agent,
    Bead? HookedBead,
    IReadOnlyList<MailMessage> UndeliveredMail,
    IReadOnlyList<Bead> OpenBeads,
    string? Branch = null,
    string? Instructions = null);

internal sealed class PrimeHandler(AgentAccess access) : IQueryHandler<Prime, Result<PrimeContext>>
{
    public async ValueTask<Result<PrimeContext>> Handle(Prime query, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(query.AgentId, LedgerAccess.Read, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;

        var agent = scope.Agent;
        var hooked = agent.HookedBeadId is { } beadId ? await scope.Ledger.GetBeadAsync(beadId, cancellationToken) : null;
        var mail = await scope.Ledger.ListUndeliveredMailAsync(agent.Id, cancellationToken);
        var open = await scope.Ledger.ListBeadsAsync(
            new BeadFilter(Statuses: [BeadStatus.Open, BeadStatus.InProgress], AssigneeAgentId: agent.Id, Limit: 50), cancellationToken);
        var branch = agent.Role == AgentRole.Polecat && hooked is not null ? WorkBranch.For(agent.Name, hooked.Id) : null;
        return new PrimeContext(agent, hooked, mail, open, branch, Instructions(agent, hooked, branch));
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
            "short summary. If you are stuck, call gt_escalate instead of guessing.",
    };
}
