using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Common.Work;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Mediator;

namespace Gastown.Application.Beads.SlingBead;

/// <summary>Hands new work to a rig: answers at once, the rig's alarm does the slow part.</summary>
public sealed record SlingBead(Guid RigId, string Title, string? Body, string? Model) : ICommand<Result<SlingResult>>, IRigRequest
{
    public const string DefaultModel = "kilo/auto";
}

/// <summary>The new bead, the polecat it is hooked to (null when queued), and whether it waits for a free polecat.</summary>
public sealed record SlingResult(Bead Bead, Agent? Agent, bool Queued);

/// <summary>
/// In one transaction on the rig's store: the bead, a polecat (found or registered), the hook, the events and the
/// alarm (due now). Nothing here waits on a process, a clone or a container.
/// </summary>
internal sealed class SlingBeadHandler(ILedgerStores ledgers, PolecatRoster roster, ICurrentActor current, TimeProvider clock)
    : ICommandHandler<SlingBead, Result<SlingResult>>
{
    public async ValueTask<Result<SlingResult>> Handle(SlingBead command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var ledger = await ledgers.OpenAsync(command.RigId, LedgerAccess.Write, cancellationToken);

        var metadata = new Dictionary<string, string>
        {
            ["model"] = command.Model ?? SlingBead.DefaultModel,
            ["slung_by"] = current.Actor.UserId?.ToString() ?? "system",
        };
        var bead = Bead.New(BeadType.Issue, command.Title, command.Body, now, metadata: metadata);
        await ledger.InsertBeadAsync(bead, cancellationToken);
        await ledger.AppendEventAsync(BeadEvent.Of(bead.Id, null, BeadEventType.Created, now, newValue: "issue"), cancellationToken);

        // Older queued beads go first: a new bead only takes a polecat when nothing is waiting ahead of it.
        var queueIsEmpty = (await ledger.ListQueuedBeadsAsync(2, cancellationToken)).All(queued => queued.Id == bead.Id);
        AcquiredPolecat? polecat = null;
        try
        {
            polecat = queueIsEmpty ? await roster.AcquireAsync(ledger, now, cancellationToken) : null;
            Agent? agent = null;
            if (polecat is not null) (bead, agent) = await LedgerChanges.HookAsync(ledger, bead, polecat.Agent, now, cancellationToken);

            await ledger.ArmAlarmAsync(now, cancellationToken);
            await ledger.CommitAsync(cancellationToken);
            return Result.Created(new SlingResult(bead, agent, Queued: agent is null));
        }
        catch
        {
            await roster.ReleaseAsync(polecat);
            throw;
        }
    }
}
