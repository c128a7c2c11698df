using System.Collections.Concurrent;
using Gastown.Application.Common.Ports;
using Quartz;

namespace Gastown.Infrastructure.Alarms;

/// <summary>
/// Store alarms on Quartz: one durable job per store (keyed by store id, never run twice at once) and at most one
/// pending trigger. Arming later than the pending time keeps the earlier one, as a Durable Object alarm would.
/// </summary>
internal sealed class QuartzAlarmScheduler(ISchedulerFactory schedulers) : IAlarmScheduler
{
    private const string Group = "ledger-alarms";

    // Each store's durable job is added once; concurrent first arms wait on the same add.
    private readonly ConcurrentDictionary<Guid, Lazy<Task>> _jobs = new();

    public static JobKey JobKeyFor(Guid storeId) => new(storeId.ToString("N"), Group);

    public static Guid StoreIdOf(JobKey key) => Guid.ParseExact(key.Name, "N");

    public async Task ArmAsync(Guid storeId, DateTimeOffset at, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await _jobs.GetOrAdd(storeId, id => new Lazy<Task>(() => scheduler.AddJob(
            JobBuilder.Create<LedgerAlarmJob>().WithIdentity(JobKeyFor(id)).StoreDurably().Build(),
            AddJobOptions.Replacing, CancellationToken.None).AsTask())).Value;

        var trigger = TriggerBuilder.Create()
            .WithIdentity(TriggerKeyFor(storeId))
            .ForJob(JobKeyFor(storeId))
            .StartAt(at)
            .WithSimpleSchedule(schedule => schedule.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        // KeepEarlier is exactly a Durable Object alarm: arming later than the pending time changes nothing.
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.KeepEarlier, ct);
    }

    private static TriggerKey TriggerKeyFor(Guid storeId) => new(storeId.ToString("N"), Group);
}
