namespace Gastown.Application.Beads.GetRunTranscript;

/// <summary>
/// One stored run's transcript, paged: the entries after sequence <see cref="After"/> (0: from the start), at most
/// <see cref="Limit"/> of them, oldest first. Secrets were taken out before it was stored.
/// </summary>
public sealed record GetRunTranscriptQuery(Guid RigId, Guid BeadId, Guid RunId, long After = 0, int Limit = GetRunTranscriptQuery.DefaultLimit)
    : IQuery<Result<TranscriptPage>>, IRigRequest
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 1000;
}

internal sealed class GetRunTranscriptHandler(ILedgerStores ledgers) : IQueryHandler<GetRunTranscriptQuery, Result<TranscriptPage>>
{
    public async ValueTask<Result<TranscriptPage>> Handle(GetRunTranscriptQuery query, CancellationToken cancellationToken)
    {
        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        if (await ledger.Runs.GetTranscriptAsync(query.BeadId, query.RunId, cancellationToken) is not { } stored)
            return Result.NotFound("Run not found.");
        var usage = (await ledger.Runs.ListForBeadAsync(query.BeadId, cancellationToken))
            .FirstOrDefault(run => run.Run.Id == query.RunId).Usage;

        var after = stored.Transcript.Where(entry => entry.Sequence > query.After).ToList();
        var page = after.Take(query.Limit).ToList();
        var run = (await AgentRunResponse.FromAsync(ledger, [(stored.Run, usage)], cancellationToken))[0];
        return new TranscriptPage(run, [.. page.Select(TranscriptEntryResponse.From)],
            after.Count > page.Count ? page[^1].Sequence : null);
    }
}
