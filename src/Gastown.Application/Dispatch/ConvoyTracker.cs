namespace Gastown.Application.Dispatch;

/// <summary>
/// A convoy's life beyond its requests (decision 0025): lifting its beads' convoy hold in every rig, following its
/// beads to <c>blocked</c> and <c>landed</c> (each through the store's conditional UPDATE, the single gate, so a
/// convoy lands exactly once whatever ticks race), the feed events and the mayor's one mail, and recovery of a
/// creation or a start a crash left half done.
/// </summary>
public sealed class ConvoyTracker(IConvoyStore convoys, ILedgerStores ledgers, IDependencyGraph graph, ITownDirectory directory, TimeProvider clock)
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
        if (await convoys.GetAsync(convoyId, ct) is not { } convoy) return;
        if (convoy.Mode == ConvoyMode.Land)
        {
            await EvaluateLandAsync(convoy, ct);
            return;
        }
        if (!Running.Contains(convoy.Status)) return;
        var tracked = await ReadAsync(convoyId, ct);
        if (tracked.Count == 0) return;
        var now = clock.GetUtcNow();
        if (tracked.All(bead => bead.IsClosed))
        {
            if (await convoys.TryTransitionAsync(convoyId, Running, ConvoyStatus.Landed, now, ct))
                await AnnounceAsync(convoy, ConvoyEventType.Landed, $"All {tracked.Count} beads merged.", ct);
        }
        else await FollowFailuresAsync(convoy, tracked, now, ct);
    }

    /// <summary>One failed bead → <c>active → blocked</c> (announced once); none failed any more → <c>blocked → active</c>.</summary>
    private async Task FollowFailuresAsync(Convoy convoy, IReadOnlyList<TrackedBead> tracked, DateTimeOffset now, CancellationToken ct)
    {
        if (tracked.Where(bead => bead.IsFailed).ToList() is { Count: > 0 } failed)
        {
            var why = string.Join("; ", failed.Select(bead => $"{bead.Bead?.Title ?? bead.Member.BeadId.ToString()} is {Reason(bead)}"));
            if (await convoys.TryTransitionAsync(convoy.Id, [ConvoyStatus.Active], ConvoyStatus.Blocked, now, ct))
                await AnnounceAsync(convoy, ConvoyEventType.Blocked, why, ct);
        }
        else await convoys.TryTransitionAsync(convoy.Id, [ConvoyStatus.Blocked], ConvoyStatus.Active, now, ct);
    }

    /// <summary>
    /// Land mode (decision 0029). Until every tracked bead has merged into its rig's feature branch it is followed as in
    /// direct mode (blocked/active). Then: <c>active|blocked → landing</c> (one conditional UPDATE, announced once),
    /// and each rig of the convoy gets its landing merge in its review queue — created once, under the rig's write
    /// lock, with the convoy's id as the entry's id, so a repeated or racing evaluation, or one after a crash, finds it
    /// there. Every landing merged → <c>landing → landed</c> (once); one failed, rejected or refused by a gate →
    /// <c>landing → blocked</c> with the reason (once, the mayor mailed once).
    /// </summary>
    private async Task EvaluateLandAsync(Convoy convoy, CancellationToken ct)
    {
        if (convoy.Status is not (ConvoyStatus.Active or ConvoyStatus.Blocked or ConvoyStatus.Landing)) return;
        var tracked = await ReadAsync(convoy.Id, ct);
        if (tracked.Count == 0) return;
        var now = clock.GetUtcNow();
        if (!tracked.All(bead => bead.IsClosed))
        {
            if (convoy.Status != ConvoyStatus.Landing) await FollowFailuresAsync(convoy, tracked, now, ct);
            return;
        }

        var landings = await ReadLandingsAsync(convoy, tracked, ct);
        if (landings.Where(landing => landing.Entry is { Status: ReviewStatus.Failed or ReviewStatus.ChangesRequested }).ToList() is { Count: > 0 } failed)
        {
            var why = string.Join("; ", failed.Select(landing =>
                $"the landing merge of {landing.FeatureBranch} into {landing.RigName} was {(landing.Entry!.Status == ReviewStatus.Failed ? "refused" : "sent back")}: {landing.Entry.Feedback ?? landing.Entry.Message}"));
            if (await convoys.TryTransitionAsync(convoy.Id, [ConvoyStatus.Landing], ConvoyStatus.Blocked, now, ct))
                await AnnounceAsync(convoy, ConvoyEventType.Blocked, why, ct);
            return;
        }
        if (await convoys.TryTransitionAsync(convoy.Id, Running, ConvoyStatus.Landing, now, ct))
            await AnnounceAsync(convoy, ConvoyEventType.Landing,
                $"All {tracked.Count} beads merged into {convoy.FeatureBranch}; {landings.Count} landing merge(s) in review.", ct);
        if (await convoys.GetAsync(convoy.Id, ct) is not { Status: ConvoyStatus.Landing }) return;

        foreach (var missing in landings.Where(landing => landing.Entry is null))
            await CreateLandingAsync(convoy, missing.RigId, tracked.Count(bead => bead.Member.StoreId == missing.RigId), now, ct);
        if (landings.All(landing => landing.Entry is { Status: ReviewStatus.Merged })
            && await convoys.TryTransitionAsync(convoy.Id, [ConvoyStatus.Landing], ConvoyStatus.Landed, now, ct))
            await AnnounceAsync(convoy, ConvoyEventType.Landed,
                $"All {tracked.Count} beads landed: {convoy.FeatureBranch} merged into the default branch of {landings.Count} rig(s).", ct);
    }

    /// <summary>The landing merge of each rig of a land-mode convoy: its feature branch and its review entry (null: not created yet).</summary>
    public async Task<IReadOnlyList<ConvoyLanding>> ReadLandingsAsync(Convoy convoy, IReadOnlyList<TrackedBead> tracked, CancellationToken ct)
    {
        var rigs = (await directory.ListRigsAsync(convoy.TownId, ct)).ToDictionary(rig => rig.Id, rig => rig.Name);
        var landings = new List<ConvoyLanding>();
        foreach (var store in tracked.Select(bead => bead.Member.StoreId).Distinct())
        {
            if (!ledgers.Exists(store)) continue;
            await using var ledger = await ledgers.OpenAsync(store, LedgerAccess.Read, ct);
            landings.Add(new ConvoyLanding(store, rigs.GetValueOrDefault(store, ""), convoy.FeatureBranch, await ledger.Reviews.GetAsync(convoy.Id, ct)));
        }
        return landings;
    }

    /// <summary>Puts the rig's landing merge in its review queue unless it is there already (the rig's write lock makes it once).</summary>
    private async Task CreateLandingAsync(Convoy convoy, Guid storeId, int beads, DateTimeOffset now, CancellationToken ct)
    {
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        if (await ledger.Reviews.GetAsync(convoy.Id, ct) is null)
        {
            await ledger.Reviews.InsertAsync(ReviewEntry.Landing(convoy.Id, convoy.FeatureBranch,
                $"Landing of convoy \"{convoy.Title}\": {beads} bead(s) merged into {convoy.FeatureBranch}.", now), ct);
            await ledger.Alarm.ArmAsync(now, ct);
        }
        await ledger.CommitAsync(ct);
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
    /// beads, invisible to dispatch until then, deleted with its edges); a started one not yet released is released; a
    /// landing one is evaluated again. And prunes the graph's closures older than <see cref="ClosureRetention"/> that no
    /// edge waits on (one row per closed bead otherwise grows forever). Answers how many convoys it finished.
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
        // Landing convoys are evaluated again: a landing merge a crash left uncreated is created, a result a crash kept
        // from its evaluation is followed (each step idempotent, each status change one conditional UPDATE).
        var landing = await convoys.ListLandingAsync(ct);
        foreach (var convoy in landing) await EvaluateAsync(convoy.Id, ct);
        return unfinished.Count + landing.Count;
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
