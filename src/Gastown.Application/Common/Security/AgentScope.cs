namespace Gastown.Application.Common.Security;

/// <summary>The calling agent's store, opened, with the agent as stored. Disposing closes the store session.</summary>
public sealed class AgentScope(ILedgerSession ledger, Agent agent, AgentClaims claims) : IAsyncDisposable
{
    public ILedgerSession Ledger { get; } = ledger;
    public Agent Agent { get; } = agent;
    public AgentClaims Claims { get; } = claims;

    public ValueTask DisposeAsync() => Ledger.DisposeAsync();
}
