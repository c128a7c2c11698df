namespace Gastown.Application.Common.Ports;

/// <summary>Token usage per agent run, in the session's transaction.</summary>
public interface IUsageStore
{
    /// <summary>Adds to the run's usage (agent and generation); the first report of a run creates it.</summary>
    Task AddAsync(AgentRunUsage usage, CancellationToken ct);

    /// <summary>Usage summed per bead, for the beads that have any.</summary>
    Task<IReadOnlyDictionary<Guid, TokenUsage>> GetPerBeadAsync(IReadOnlyCollection<Guid> beadIds, CancellationToken ct);

    /// <summary>Usage of the runs last reported at or after <paramref name="since"/> (the daily budgets: since midnight UTC).</summary>
    Task<TokenUsage> GetSinceAsync(DateTimeOffset since, CancellationToken ct);
}
