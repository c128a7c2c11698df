using Microsoft.Extensions.Hosting;
using Quartz;

namespace Gastown.Infrastructure.Alarms;

/// <summary>
/// Store alarms on Quartz: one durable job per store (keyed by store id, never run twice at once) and at most one
/// pending trigger. Arming later than the pending time keeps the earlier one, as a Durable Object alarm would.
/// </summary>
internal sealed class QuartzAlarmScheduler(ISchedulerFactory schedulers, IHostApplicationLifetime? lifetime) : IAlarmScheduler
{
    /// <summary>Without a host (the Application tests, the benchmarks) there is no shutdown to race with.</summary>
    public QuartzAlarmScheduler(ISchedulerFactory schedulers) : this(schedulers, null)
    {
    }

    private const string Group = "ledger-alarms";

    // Each store's durable job is added once; concurrent first arms wait on the same add.
    private readonly ConcurrentDictionary<Guid, Lazy<Task>> _jobs = new();

    // The time of each store's trigger as far as this process armed it and it has not fired yet. An arm at or after it
    // changes nothing (KeepEarlier), so it returns here without taking the RAMJobStore's lock: under load most slings
    // of a busy rig arm a time later than the pending one. The entry is set before the trigger is scheduled and
    // removed when the job starts (<see cref="Fired"/>), so it never names a trigger that already fired; at worst it is
    // missing and the arm takes the slow path.
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _pending = new();

    // The memo above holds only while this process is the one firing every trigger (the in-memory store). With the
    // clustered store another node may fire a store's trigger (and this process never sees Fired), so every arm goes
    // to Quartz. Unknown (null) until the first arm has asked the scheduler.
    private bool? _localJobStore;

    public static JobKey JobKeyFor(Guid storeId) => new(storeId.ToString("N"), Group);

    public static Guid StoreIdOf(JobKey key) => Guid.ParseExact(key.Name, "N");

    public async Task ArmAsync(Guid storeId, DateTimeOffset at, CancellationToken ct)
    {
        if (_localJobStore == true && _pending.TryGetValue(storeId, out var pending) && pending <= at) return;
        try
        {
            await ScheduleAsync(await schedulers.GetScheduler(ct), storeId, at, ct);
        }
        catch (SchedulerException) when (lifetime?.ApplicationStopping.IsCancellationRequested == true)
        {
            _pending.TryRemove(storeId, out _);
            // The server is stopping: a commit that lands now loses the race with the scheduler's shutdown. Nothing is
            // lost: the due time is in the store, and the next start re-arms every store from it (AlarmRecoveryService).
        }
    }

    private async Task ScheduleAsync(IScheduler scheduler, Guid storeId, DateTimeOffset at, CancellationToken ct)
    {
        if (scheduler.Status is SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown) return;
        await _jobs.GetOrAdd(storeId, id => new Lazy<Task>(() => scheduler.AddJob(
            // RequestRecovery: in a cluster, a tick cut short by its node's death runs again on another node (no-op in memory).
            JobBuilder.Create<LedgerAlarmJob>().WithIdentity(JobKeyFor(id)).StoreDurably().RequestRecovery().Build(),
            AddJobOptions.Replacing, CancellationToken.None).AsTask())).Value;

        _localJobStore ??= !(await scheduler.GetMetadata(ct)).JobStoreClustered;
        if (_localJobStore == true) _pending.AddOrUpdate(storeId, at, (_, earlier) => earlier <= at ? earlier : at);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(TriggerKeyFor(storeId))
            .ForJob(JobKeyFor(storeId))
            .StartAt(at)
            .WithSimpleSchedule(schedule => schedule.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        // KeepEarlier is exactly a Durable Object alarm: arming later than the pending time changes nothing.
        try
        {
            await scheduler.ScheduleTrigger(trigger, TriggerConflict.KeepEarlier, ct);
        }
        catch
        {
            _pending.TryRemove(storeId, out _);
            throw;
        }
    }

    /// <summary>The store's trigger fired (its job starts): arms from now on reach Quartz again.</summary>
    public void Fired(Guid storeId) => _pending.TryRemove(storeId, out _);

    private static TriggerKey TriggerKeyFor(Guid storeId) => new(storeId.ToString("N"), Group);
}
