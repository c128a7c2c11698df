using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Common.Telemetry;

namespace Gastown.Application.Dispatch;

/// <summary>
/// Slinging, shared by the dashboard and the mayor. In one transaction on the rig's store: the bead, a polecat
/// (found or registered), the hook, the events and the alarm (due now). Nothing here waits on a process, a clone
/// or a container.
/// </summary>
public sealed class Slinger(ILedgerStores ledgers, IDependencyGraph graph, PolecatRoster roster, IOptions<GastownOptions> options, TimeProvider clock, IGastownMetrics metrics)
{
    public const string DefaultModel = "kilo/auto";

    /// <summary>
    /// Sling as a request does it (the user's route and the mayor's tool): the blockers found in the town first (404
    /// naming one that is not), then the sling, answered 201 with the bead's dependency fields.
    /// </summary>
    public async Task<Result<SlingResponse>> SlingWithBlockersAsync(
        Dependencies dependencies, Beads.BeadLinks links, Guid rigId, string title, string? body, string? model, IReadOnlyList<Guid>? dependsOn,
        string slungBy, CancellationToken ct)
    {
        var blockers = await dependencies.ForSlingAsync(rigId, dependsOn, ct);
        if (!blockers.IsSuccess) return blockers.Map();
        var slung = SlingResponse.From(await SlingAsync(rigId, title, body, model, slungBy, ct, blockers.Value));
        return Result.Created(blockers.Value is null ? slung : slung with { Bead = await links.AttachAsync(slung.Bead, ct) });
    }

    /// <param name="dependsOn">What the new bead depends on (located in the town by <see cref="Dependencies.LocateAsync"/>).</param>
    public async Task<SlingResult> SlingAsync(
        Guid rigId, string title, string? body, string? model, string slungBy, CancellationToken ct, SlingBlockers? dependsOn = null)
    {
        var blockers = dependsOn?.Blockers;
        using var span = GastownTracing.Start("sling", rigId);
        var now = clock.GetUtcNow();
        var metadata = new Dictionary<string, string>(2) { ["model"] = model ?? DefaultModel, ["slung_by"] = slungBy };
        var created = Bead.Create(BeadType.Issue, title, body, now, metadata: metadata);
        var bead = created.State;

        // Its edges go first (a new bead closes no cycle: nothing waits on it yet); should the insert below fail, they
        // name a bead that never existed and hold nothing. Its count is read under the rig's lock (decision 0025).
        if (blockers is { Count: > 0 })
        {
            await graph.TrySetBlockersAsync(dependsOn!.TownId, [new BlockerSet(new BeadNode(bead.Id, rigId), blockers)], now, ct);
            created = created with { Events = [.. created.Events, .. bead.ChangeDependencies([.. blockers.Select(b => b.BeadId)], now).Events] };
        }
        await using var ledger = await ledgers.OpenAsync(rigId, LedgerAccess.Write, ct);
        if (blockers is { Count: > 0 })
            created = created with { State = bead = bead with { OpenBlockers = await graph.CountOpenBlockersAsync(bead.Id, ct) } };

        // Older queued beads go first: a new bead only takes a polecat when nothing is waiting ahead of it (and a
        // blocked one takes none). The queue and a free polecat are asked in one read.
        var (queued, free) = bead.IsUnblocked ? await ledger.Agents.FindQueueAndFreePolecatAsync(ct) : (true, null);
        span?.SetTag(GastownTracing.BeadTag, bead.Id.ToString());
        AcquiredPolecat? polecat = null;
        try
        {
            polecat = queued ? null : await roster.AcquireAsync(ledger, free, now, ct);
            Agent? agent = null;
            // With a polecat the bead is written once, already hooked (one INSERT, not INSERT + UPDATE), with the
            // events of both transitions in order.
            if (polecat is not null) (agent, bead) = await ledger.InsertHookedAsync(created, polecat.Agent.Hook(bead, now), ct);
            else await ledger.InsertAsync(created, ct);

            // Hooked work is dispatched at once. Queued work waits for a polecat to free up (done arms the alarm
            // then); its own alarm only keeps it durable, so it need not cost a tick per sling under load.
            await ledger.Alarm.ArmAsync(agent is null ? now + options.Value.Alarm.ActiveInterval : now, ct);
            await ledger.CommitAsync(ct);
            metrics.Slung(ledger.Identity.TownId, rigId, queued: agent is null);
            return new SlingResult(bead, agent, Queued: agent is null);
        }
        catch
        {
            await roster.ReleaseAsync(polecat);
            throw;
        }
    }
}
