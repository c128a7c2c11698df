using Gastown.Application.Dispatch;

namespace Gastown.Application.Beads.UpdateBead;

/// <summary>
/// Changes a bead's title, body, priority, labels or blockers (null members stay; an empty body clears it;
/// <c>dependsOn</c> replaces the list, <c>[]</c> clears it), with an event naming what changed. A blocker of another
/// town → 404; a cycle → 400 naming <c>dependsOn</c>, and nothing changed.
/// </summary>
public sealed record UpdateBeadCommand(
    Guid RigId, Guid BeadId, string? Title = null, string? Body = null, string? Priority = null, IReadOnlyList<string>? Labels = null,
    IReadOnlyList<Guid>? DependsOn = null)
    : ICommand<Result<BeadResponse>>, IRigRequest;

internal sealed class UpdateBeadHandler(ILedgerStores ledgers, TimeProvider clock, ITownDirectory directory, Dependencies dependencies, BeadLinks links)
    : ICommandHandler<UpdateBeadCommand, Result<BeadResponse>>
{
    public async ValueTask<Result<BeadResponse>> Handle(UpdateBeadCommand command, CancellationToken cancellationToken)
    {
        // Blockers are found (or refused) before anything is written.
        IReadOnlyList<BlockerRef>? blockers = null;
        Guid townId = Guid.Empty;
        if (command.DependsOn is { } dependsOn)
        {
            townId = (await directory.GetRigAsync(command.RigId, cancellationToken))!.TownId;
            if (dependsOn.Count > 0)
            {
                var located = await dependencies.LocateAsync(townId, command.RigId, dependsOn, cancellationToken);
                if (!located.IsSuccess) return located.Map();
                blockers = located.Value;
            }
            else blockers = [];
        }

        var now = clock.GetUtcNow();
        if (blockers is not null)
        {
            // First, so that a cycle refuses the whole change; the graph is unchanged then.
            await using (var read = await ledgers.OpenAsync(command.RigId, LedgerAccess.Read, cancellationToken))
                if (await read.Beads.GetAsync(command.BeadId, cancellationToken) is null) return Result.NotFound("Bead not found.");
            var replaced = await dependencies.ReplaceAsync(townId, new BeadNode(command.BeadId, command.RigId), blockers, cancellationToken);
            if (!replaced.IsSuccess) return replaced.Map();
        }

        await using var ledger = await ledgers.OpenAsync(command.RigId, LedgerAccess.Write, cancellationToken);
        if (await ledger.Beads.GetAsync(command.BeadId, cancellationToken) is not { } bead) return Result.NotFound("Bead not found.");
        var updated = bead with
        {
            Title = command.Title ?? bead.Title,
            Body = command.Body is null ? bead.Body : command.Body.Length == 0 ? null : command.Body,
            Priority = command.Priority is null ? bead.Priority : EnumText.Parse<BeadPriority>(command.Priority),
            Labels = command.Labels is null ? bead.Labels : [.. command.Labels.Distinct(StringComparer.Ordinal)],
            UpdatedAt = now,
        };
        var changed = new List<string>();
        if (updated.Title != bead.Title) changed.Add("title");
        if (updated.Body != bead.Body) changed.Add("body");
        if (updated.Priority != bead.Priority) changed.Add("priority");
        if (!updated.Labels.SequenceEqual(bead.Labels)) changed.Add("labels");
        if (changed.Count > 0)
        {
            await ledger.Beads.UpdateAsync(updated, cancellationToken);
            await ledger.Beads.AppendEventAsync(BeadEvent.Of(bead.Id, null, BeadEventType.Updated, now, newValue: string.Join(",", changed)), cancellationToken);
        }
        else updated = bead;
        if (blockers is not null)
            await ledger.Beads.AppendEventsAsync(bead.ChangeDependencies([.. blockers.Select(b => b.BeadId)], now).Events, cancellationToken);
        if (changed.Count > 0 || blockers is not null) await ledger.CommitAsync(cancellationToken);
        return await links.AttachAsync(BeadResponse.From(updated), cancellationToken);
    }
}
