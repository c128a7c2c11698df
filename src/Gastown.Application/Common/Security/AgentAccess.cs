namespace Gastown.Application.Common.Security;

/// <summary>
/// The agent plane's checks. A token reaches only its own agent (another agent's route → Forbidden): the authorizer
/// checks that from the token's claims alone, without opening the store. The generation is checked where it
/// matters, by <see cref="OpenAsync"/> inside the handler's own transaction: a late call from an older process is
/// refused (Conflict) and changes nothing, and a dispatch landing meanwhile cannot be overtaken. So an agent call
/// opens its store once. An agent of a rig or town that is deleted (or being deleted) is answered Not found, before
/// its store is opened.
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
        // A missing (or deleted) rig answers like another town's, so the answer tells nothing about other towns' rigs.
        if (rigId is { } id && (await directory.GetRigAsync(id, ct))?.TownId != scope.Claims.TownId)
            return Result.Forbidden("That rig is not in this mayor's town (or no longer exists).");
        return Result.Success();
    }

    /// <summary>The token's claims only: an agent session, and for this agent.</summary>
    public Result AuthorizeClaims(Guid agentId)
    {
        var claims = Claims(agentId);
        return claims.IsSuccess ? Result.Success() : claims.Map();
    }

    /// <summary>
    /// Opens the calling agent's store and reads the agent, refusing a session whose generation is not the agent's
    /// current one (or whose agent is gone). Handlers call it for their transaction, so the check and the write agree.
    /// </summary>
    public async Task<Result<AgentScope>> OpenAsync(Guid agentId, LedgerAccess access, CancellationToken ct)
    {
        var checkedClaims = Claims(agentId);
        if (!checkedClaims.IsSuccess) return checkedClaims.Map();
        var claims = checkedClaims.Value;
        if (await DeletedAsync(claims, ct) is { } deleted) return Result.NotFound(deleted);

        var ledger = await ledgers.OpenAsync(claims.StoreId, access, ct);
        var agent = await ledger.Agents.GetAsync(agentId, ct);
        if (agent is not null && agent.Generation == claims.Generation) return new AgentScope(ledger, agent, claims);

        await ledger.DisposeAsync();
        return agent is null
            ? Result.Forbidden("This agent no longer exists.")
            : Result.Conflict($"This session (generation {claims.Generation}) has been replaced by generation {agent.Generation}; nothing was changed.");
    }

    /// <summary>
    /// Why the agent's store is gone or going: its rig or town left the directory when its deletion was asked for (the
    /// files go later, in the background). A directory read (cached on SQLite), never the store itself.
    /// </summary>
    private async Task<string?> DeletedAsync(AgentClaims claims, CancellationToken ct)
    {
        if (claims.StoreId == claims.TownId)
            return await directory.GetTownAsync(claims.TownId, ct) is null ? "This agent's town has been deleted." : null;
        return (await directory.GetRigAsync(claims.StoreId, ct))?.TownId == claims.TownId ? null : "This agent's rig has been deleted.";
    }

    private Result<AgentClaims> Claims(Guid agentId)
    {
        if (current.Actor is not { Kind: ActorKind.Agent, Agent: { } claims }) return Result.Unauthorized("An agent session token is required.");
        if (claims.AgentId != agentId) return Result.Forbidden("A session token reaches only its own agent.");
        return claims;
    }
}
