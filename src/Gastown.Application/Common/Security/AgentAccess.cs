using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Domain.Agents;

namespace Gastown.Application.Common.Security;

/// <summary>
/// The agent plane's checks. A token reaches only its own agent (another agent's route → Forbidden), and only
/// while its generation is the agent's current one: a late call from an older process is refused (Conflict) and
/// changes nothing. Handlers re-check the generation inside their own transaction, so a dispatch that lands between
/// the authorizer and the write cannot be overtaken.
/// </summary>
public sealed class AgentAccess(ICurrentActor current, ILedgerStores ledgers, ITownDirectory directory)
{
    /// <summary>The mayor's tools: only the town's mayor, and only rigs of its own town (another town's → Forbidden).</summary>
    public async ValueTask<Result> AuthorizeMayorAsync(Guid agentId, Guid? rigId, CancellationToken ct)
    {
        var opened = await OpenAsync(agentId, LedgerAccess.Read, ct);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;
        if (scope.Agent.Role != AgentRole.Mayor) return Result.Forbidden("Only the mayor may use the town's tools.");
        if (rigId is { } id && (await directory.GetRigAsync(id, ct))?.TownId != scope.Claims.TownId)
            return Result.Forbidden("That rig is not in this mayor's town.");
        return Result.Success();
    }

    public async ValueTask<Result> AuthorizeAsync(Guid agentId, CancellationToken ct)
    {
        var opened = await OpenAsync(agentId, LedgerAccess.Read, ct);
        if (!opened.IsSuccess) return opened.Map();
        await opened.Value.DisposeAsync();
        return Result.Success();
    }

    public async Task<Result<AgentScope>> OpenAsync(Guid agentId, LedgerAccess access, CancellationToken ct)
    {
        if (current.Actor is not { Kind: ActorKind.Agent, Agent: { } claims }) return Result.Unauthorized("An agent session token is required.");
        if (claims.AgentId != agentId) return Result.Forbidden("A session token reaches only its own agent.");

        var ledger = await ledgers.OpenAsync(claims.StoreId, access, ct);
        var agent = await ledger.GetAgentAsync(agentId, ct);
        if (agent is not null && agent.Generation == claims.Generation) return new AgentScope(ledger, agent, claims);

        await ledger.DisposeAsync();
        return agent is null
            ? Result.Forbidden("This agent no longer exists.")
            : Result.Conflict($"This session (generation {claims.Generation}) has been replaced by generation {agent.Generation}; nothing was changed.");
    }
}
