using Ardalis.Result;
using Gastown.Application.Agents;
using Gastown.Application.Beads;
using Gastown.Application.Mail;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Mediator;

namespace Gastown.Application.AgentApi.Prime;

/// <summary>What an agent needs to start: itself, its hooked bead, its unread mail and its open beads.</summary>
public sealed record Prime(Guid AgentId) : IQuery<Result<PrimeContext>>, IAgentRequest;

public sealed record PrimeContext(
    AgentResponse Agent, BeadResponse? HookedBead, IReadOnlyList<MailResponse> UndeliveredMail, IReadOnlyList<BeadResponse> OpenBeads);

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
        return new PrimeContext(
            AgentResponse.From(agent), hooked is null ? null : BeadResponse.From(hooked), MailResponse.From(mail), BeadResponse.From(open));
    }
}
