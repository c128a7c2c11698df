namespace Gastown.Application.Towns.GetTownEvents;

/// <summary>The events of every rig of a town (and of its mayor), newest first, optionally since a time, at most <see cref="Limit"/>.</summary>
public sealed record GetTownEventsQuery(Guid TownId, DateTimeOffset? Since = null, int Limit = GetTownEventsQuery.DefaultLimit)
    : IQuery<Result<IReadOnlyList<TownEventResponse>>>, ITownRequest
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
}

/// <summary>
/// One bead event with the rig it happened on (null rig: the town's mayor), or one convoy event
/// (<c>convoy_created|started|blocked|landed|closed</c>: <see cref="ConvoyId"/> set, and <see cref="BeadId"/> is the convoy's id).
/// </summary>
public sealed record TownEventResponse(
    long Id, Guid? RigId, string? RigName, Guid BeadId, Guid? AgentId, string Type, string? OldValue, string? NewValue,
    IReadOnlyDictionary<string, string> Metadata, DateTimeOffset CreatedAt, Guid? ConvoyId = null);

internal sealed class GetTownEventsHandler(ITownDirectory directory, ILedgerStores ledgers, IConvoyStore convoys)
    : IQueryHandler<GetTownEventsQuery, Result<IReadOnlyList<TownEventResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<TownEventResponse>>> Handle(GetTownEventsQuery query, CancellationToken cancellationToken)
    {
        var town = await directory.GetTownAsync(query.TownId, cancellationToken);
        if (town is null) return Result.NotFound("Town not found.");

        var stores = (await directory.ListRigsAsync(town.Id, cancellationToken)).Select(rig => (StoreId: rig.Id, RigId: (Guid?)rig.Id, RigName: (string?)rig.Name))
            .Append((StoreId: town.Id, RigId: null, RigName: null));
        var events = new List<(BeadEvent Event, Guid? RigId, string? RigName)>();
        foreach (var store in stores)
        {
            if (!ledgers.Exists(store.StoreId)) continue;
            await using var ledger = await ledgers.OpenAsync(store.StoreId, LedgerAccess.Read, cancellationToken);
            events.AddRange((await ledger.Beads.ListRecentEventsAsync(query.Since, query.Limit, cancellationToken)).Select(e => (e, store.RigId, store.RigName)));
        }

        var convoyEvents = (await convoys.ListEventsAsync(town.Id, query.Since, query.Limit, cancellationToken))
            .Select(e => new TownEventResponse(e.Id, null, null, e.ConvoyId, null, "convoy_" + e.Type.ToText(), null, e.Detail,
                System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty, e.CreatedAt, e.ConvoyId));
        return events
            .Select(item => new TownEventResponse(item.Event.Id, item.RigId, item.RigName, item.Event.BeadId, item.Event.AgentId,
                item.Event.Type.ToText(), item.Event.OldValue, item.Event.NewValue, item.Event.Metadata, item.Event.CreatedAt))
            .Concat(convoyEvents)
            .OrderByDescending(item => item.CreatedAt).ThenByDescending(item => item.Id)
            .Take(query.Limit)
            .ToList();
    }
}
