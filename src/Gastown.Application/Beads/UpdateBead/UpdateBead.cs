using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Domain;
using Gastown.Domain.Beads;
using Mediator;

namespace Gastown.Application.Beads.UpdateBead;

/// <summary>Changes a bead's title, body, priority or labels (null members stay; an empty body clears it), with an <c>updated</c> event naming what changed.</summary>
public sealed record UpdateBead(
    Guid RigId, Guid BeadId, string? Title = null, string? Body = null, string? Priority = null, IReadOnlyList<string>? Labels = null)
    : ICommand<Result<BeadResponse>>, IRigRequest;

internal sealed class UpdateBeadHandler(ILedgerStores ledgers, TimeProvider clock) : ICommandHandler<UpdateBead, Result<BeadResponse>>
{
    public async ValueTask<Result<BeadResponse>> Handle(UpdateBead command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
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
        if (changed.Count == 0) return BeadResponse.From(bead);

        await ledger.Beads.UpdateAsync(updated, cancellationToken);
        await ledger.Beads.AppendEventAsync(BeadEvent.Of(bead.Id, null, BeadEventType.Updated, now, newValue: string.Join(",", changed)), cancellationToken);
        await ledger.CommitAsync(cancellationToken);
        return BeadResponse.From(updated);
    }
}
