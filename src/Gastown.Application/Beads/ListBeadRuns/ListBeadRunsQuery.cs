namespace Gastown.Application.Beads.ListBeadRuns;

/// <summary>A bead's runs, oldest first (agent, generation, start, end, exit code, usage, status), without transcripts.</summary>
public sealed record ListBeadRunsQuery(Guid RigId, Guid BeadId) : IQuery<Result<IReadOnlyList<AgentRunResponse>>>, IRigRequest;

internal sealed class ListBeadRunsHandler(ILedgerStores ledgers) : IQueryHandler<ListBeadRunsQuery, Result<IReadOnlyList<AgentRunResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<AgentRunResponse>>> Handle(ListBeadRunsQuery query, CancellationToken cancellationToken)
    {
        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        if (await ledger.Beads.GetAsync(query.BeadId, cancellationToken) is null) return Result.NotFound("Bead not found.");
        var runs = await ledger.Runs.ListForBeadAsync(query.BeadId, cancellationToken);
        return Result.Success(await AgentRunResponse.FromAsync(ledger, runs, cancellationToken));
    }
}
