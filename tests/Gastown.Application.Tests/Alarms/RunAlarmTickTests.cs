using Ardalis.Result;
using Gastown.Application.Alarms.RunAlarmTick;
using Gastown.Application.Common.Security;
using Gastown.Application.Tests.Support;

namespace Gastown.Application.Tests.Alarms;

public abstract class RunAlarmTickTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(new Dictionary<string, string?>
    {
        ["Gastown:Alarm:IdleInterval"] = "00:07:00",
        ["Gastown:Alarm:ActiveInterval"] = "00:00:03",
    }, storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_tick_on_a_quiet_rig_does_nothing_and_re_arms_the_watchdog()
    {
        var (_, _, rig) = await _app.CreateUserWithRigAsync();
        var before = _app.Clock.GetUtcNow();

        var result = await _app.SendAsync(Actor.System, new RunAlarmTickCommand(rig.Id));

        result.ShouldHaveStatus(ResultStatus.Ok);
        var report = result.Value;
        (report.Restarted, report.Stalled, report.Assigned, report.Dispatched, report.DispatchFailed, report.Merged, report.MergeFailed)
            .ShouldBe((0, 0, 0, 0, 0, 0, 0));
        report.FailedPhases.ShouldBeEmpty();
        // The watchdog interval, spread by up to a tenth so stores made together do not tick together.
        report.NextAlarm.ShouldNotBeNull().ShouldBeInRange(before.AddMinutes(7), _app.Clock.GetUtcNow().AddMinutes(7 * 1.1));
        // Recorded in the store (which keeps whole microseconds), so a restart re-arms it.
        var stored = await _app.ReadLedgerAsync(rig.Id, ledger => ledger.Alarm.GetAsync(AppHarness.Ct));
        stored.ShouldNotBeNull().ShouldBe(report.NextAlarm.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_store_that_does_not_exist_is_not_found() =>
        (await _app.SendAsync(Actor.System, new RunAlarmTickCommand(Guid.NewGuid()))).ShouldHaveStatus(ResultStatus.NotFound);

    [Fact]
    public async Task Refuses_the_empty_id() =>
        (await _app.SendAsync(Actor.System, new RunAlarmTickCommand(Guid.Empty))).ShouldBeInvalidOn("storeId");
}

public sealed class SqliteRunAlarmTickTests() : RunAlarmTickTests(TestStorage.Sqlite);

public sealed class PostgresRunAlarmTickTests(PostgresFixture postgres) : RunAlarmTickTests(TestStorage.Postgres(postgres));
