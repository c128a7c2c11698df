namespace Gastown.Application.Common.Security;

/// <summary>The calling agent's store, opened, with the agent as stored. Disposing closes the store session.</summary>
public sealed class AgentScope(ILedgerSession ledger, Agent agent, AgentClaims claims) : IAsyncDisposable
{
    public ILedgerSession Ledger { get; } = ledger;
    public Agent Agent { get; } = agent;
    public AgentClaims Claims { get; } = claims;

    /// <summary>The bead hooked to the agent, or null when nothing is hooked (or the hooked bead is gone).</summary>
    public async Task<Bead?> HookedBeadAsync(CancellationToken ct) =>
        Agent.HookedBeadId is { } beadId ? await Ledger.Beads.GetAsync(beadId, ct) : null;

    public ValueTask DisposeAsync() => Ledger.DisposeAsync();
}
