using Ardalis.Result;
using Gastown.Application.Alarms.RunAlarmTick;
using Gastown.Application.Common.Security;
using Gastown.Application.Tests.Support;

namespace Gastown.Application.Tests.Alarms;

/// <summary>
/// With the default settings (no watchdog), a store with nothing in flight sleeps until work arrives: its tick leaves
/// no alarm, and the next sling arms one again in its own transaction.
/// </summary>
public abstract class QuietStoreTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_quiet_store_sleeps_until_work_arms_it_again()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();

        var tick = await _app.SendAsync(Actor.System, new RunAlarmTickCommand(rig.Id));

        tick.ShouldHaveStatus(ResultStatus.Ok);
        tick.Value.NextAlarm.ShouldBeNull();
        (await _app.ReadLedgerAsync(rig.Id, ledger => ledger.Alarm.GetAsync(AppHarness.Ct))).ShouldBeNull();

        var before = _app.Clock.GetUtcNow().AddMilliseconds(-1);
        (await _app.SendAsync(owner, new Gastown.Application.Beads.SlingBead.SlingBeadCommand(rig.Id, "Wake up", null, null))).ShouldHaveStatus(ResultStatus.Created);
        (await _app.ReadLedgerAsync(rig.Id, ledger => ledger.Alarm.GetAsync(AppHarness.Ct))).ShouldNotBeNull().ShouldBeInRange(before, _app.Clock.GetUtcNow());
    }
}

public sealed class SqliteQuietStoreTests() : QuietStoreTests(TestStorage.Sqlite);

public sealed class PostgresQuietStoreTests(PostgresFixture postgres) : QuietStoreTests(TestStorage.Postgres(postgres));
