using Gastown.Application.Common.Ports;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Convoys;
using Gastown.Domain.Mail;

namespace Gastown.Application.Dispatch;

/// <summary>
/// A convoy's life beyond its requests (decision 0025): lifting its beads' convoy hold in every rig, following its
/// beads to <c>blocked</c> and <c>landed</c> (each through the store's conditional UPDATE, the single gate, so a
/// convoy lands exactly once whatever ticks race), the feed events and the mayor's one mail, and recovery of a
/// creation or a start a crash left half done.
/// </summary>
public sealed class ConvoyTracker(IConvoyStore convoys, ILedgerStores ledgers, IDependencyGraph graph, TimeProvider clock)
{
    /// <summary>A convoy still <c>creating</c> after this long was left by a crash (or a failed request): rolled back.</summary>
    public static readonly TimeSpan CreationGrace = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a propagated closure is kept once no edge waits on it: long past any request's read of a blocker's
    /// status and its write of the edge (the one use left for it), then pruned by recovery.
    /// </summary>
    public static readonly TimeSpan ClosureRetention = TimeSpan.FromHours(1);

    private static readonly ConvoyStatus[] Running = [ConvoyStatus.Active, ConvoyStatus.Blocked];

    /// <summary>Each member with its bead, read store by store (one indexed read per rig).</summary>
    public async Task<IReadOnlyList<TrackedBead>> ReadAsync(Guid convoyId, CancellationToken ct)
    {
        var members = await convoys.ListBeadsAsync(convoyId, ct);
        var beads = new Dictionary<Guid, Bead>();
        foreach (var store in members.Select(member => member.StoreId).Distinct())
        {
            if (!ledgers.Exists(store)) continue;
            await using var ledger = await ledgers.OpenAsync(store, LedgerAccess.Read, ct);
            foreach (var bead in await ledger.Beads.ListByConvoyAsync(convoyId, ct)) beads[bead.Id] = bead;
        }
        return [.. members.Select(member => new TrackedBead(member, beads.GetValueOrDefault(member.BeadId)))];
    }

    /// <summary>Lifts the convoy hold of every tracked bead (each rig armed for now), then records the convoy released.</summary>
    public async Task ReleaseAsync(Guid convoyId, CancellationToken ct)
    {
        var members = await convoys.ListBeadsAsync(convoyId, ct);
        foreach (var store in members.Select(member => member.StoreId).Distinct())
            await SetConvoyHoldAsync(store, convoyId, held: false, ct);
        await convoys.SetReleasedAsync(convoyId, true, ct);
    }

    /// <summary>Sets or lifts the convoy hold of the convoy's beads in one rig.</summary>
    public async Task SetConvoyHoldAsync(Guid storeId, Guid convoyId, bool held, CancellationToken ct)
    {
        if (!ledgers.Exists(storeId)) return;
        var now = clock.GetUtcNow();
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        foreach (var bead in await ledger.Beads.ListByConvoyAsync(convoyId, ct))
        {
            var hold = held ? bead.Hold | BeadHold.Convoy : bead.Hold & ~BeadHold.Convoy;
            if (hold != bead.Hold) await ledger.Beads.SetHoldAsync(bead.Id, hold, ct);
        }
        if (!held) await ledger.Alarm.ArmAsync(now, ct);
        await ledger.CommitAsync(ct);
    }

    /// <summary>
    /// Follows a running convoy's beads: every one closed → <c>landed</c>; one failed → <c>blocked</c>; none failed any
    /// more → <c>active</c> again. Each change once (the conditional UPDATE), with its feed event and, for landed and
    /// blocked, one mail to the town's mayor.
    /// </summary>
    public async Task EvaluateAsync(Guid convoyId, CancellationToken ct)
    {
        if (await convoys.GetAsync(convoyId, ct) is not { } convoy || !Running.Contains(convoy.Status) || convoy.Mode != ConvoyMode.Direct) return;
        var tracked = await ReadAsync(convoyId, ct);
        if (tracked.Count == 0) return;
        var now = clock.GetUtcNow();
        if (tracked.All(bead => bead.IsClosed))
        {
            if (await convoys.TryTransitionAsync(convoyId, Running, ConvoyStatus.Landed, now, ct))
                await AnnounceAsync(convoy, ConvoyEventType.Landed, $"All {tracked.Count} beads merged.", ct);
        }
        else if (tracked.Where(bead => bead.IsFailed).ToList() is { Count: > 0 } failed)
        {
            var why = string.Join("; ", failed.Select(bead => $"{bead.Bead?.Title ?? bead.Member.BeadId.ToString()} is {Reason(bead)}"));
            if (await convoys.TryTransitionAsync(convoyId, [ConvoyStatus.Active], ConvoyStatus.Blocked, now, ct))
                await AnnounceAsync(convoy, ConvoyEventType.Blocked, why, ct);
        }
        else await convoys.TryTransitionAsync(convoyId, [ConvoyStatus.Blocked], ConvoyStatus.Active, now, ct);
    }

    /// <summary>Why a failed bead holds its convoy: cancelled, escalated, or missing.</summary>
    public static string Reason(TrackedBead bead) =>
        bead.Bead is null ? "missing" : bead.Bead.Status == BeadStatus.Cancelled ? "cancelled" : "escalated";

    /// <summary>The feed event, and for landed/blocked one mail to the town's mayor (when the town has one).</summary>
    public async Task AnnounceAsync(Convoy convoy, ConvoyEventType type, string? detail, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await convoys.AppendEventAsync(convoy.TownId, convoy.Id, type, detail, now, ct);
        if (type is not (ConvoyEventType.Landed or ConvoyEventType.Blocked) || !ledgers.Exists(convoy.TownId)) return;
        await using var ledger = await ledgers.OpenAsync(convoy.TownId, LedgerAccess.Write, ct);
        if (await ledger.Agents.FindByRoleAsync(AgentRole.Mayor, ct) is not { } mayor) return;
        var subject = type == ConvoyEventType.Landed ? $"Convoy landed: {convoy.Title}" : $"Convoy blocked: {convoy.Title}";
        var body = type == ConvoyEventType.Landed
            ? $"Convoy {convoy.Id} ({convoy.Title}) has landed. {detail}"
            : $"Convoy {convoy.Id} ({convoy.Title}) is blocked: {detail}. Its dependents wait; retry or cancel the failed beads, or close the convoy.";
        await ledger.Mail.InsertAsync(MailMessage.New(LedgerChanges.PatrolAddress, mayor.Id, subject, body, now), ct);
        await ledger.Alarm.ArmAsync(now, ct);
        await ledger.CommitAsync(ct);
    }

    /// <summary>
    /// Finishes what a crash left: a convoy still being created after <see cref="CreationGrace"/> is rolled back (its
    /// beads, invisible to dispatch until then, deleted with its edges); a started one not yet released is released.
    /// And prunes the graph's closures older than <see cref="ClosureRetention"/> that no edge waits on (one row per
    /// closed bead otherwise grows forever). Answers how many convoys it finished.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken ct)
    {
        await graph.PruneClosuresAsync(clock.GetUtcNow() - ClosureRetention, ct);
        var unfinished = await convoys.ListUnfinishedAsync(clock.GetUtcNow() - CreationGrace, ct);
        foreach (var convoy in unfinished)
        {
            if (convoy.Status == ConvoyStatus.Creating) await RollBackAsync(convoy.Id, ct);
            else await ReleaseAsync(convoy.Id, ct);
        }
        return unfinished.Count;
    }

    /// <summary>Undoes a creation: its beads (never dispatched: held by the convoy) and their edges, then the convoy.</summary>
    public async Task RollBackAsync(Guid convoyId, CancellationToken ct)
    {
        var members = await convoys.ListBeadsAsync(convoyId, ct);
        foreach (var store in members.GroupBy(member => member.StoreId))
        {
            if (ledgers.Exists(store.Key))
            {
                await using var ledger = await ledgers.OpenAsync(store.Key, LedgerAccess.Write, ct);
                foreach (var member in store)
                    if (await ledger.Beads.GetAsync(member.BeadId, ct) is { ConvoyId: { } owner } && owner == convoyId)
                        await ledger.Beads.DeleteAsync(member.BeadId, ct);
                await ledger.CommitAsync(ct);
            }
            foreach (var member in store) await graph.RemoveBlockersOfAsync(member.BeadId, ct);
        }
        await convoys.DeleteAsync(convoyId, ct);
    }
}
