using Gastown.Application;
using Gastown.Application.Common.Ports;
using Gastown.Domain.Ledgers;
using Gastown.Infrastructure.Persistence;
using Gastown.Infrastructure.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gastown.Infrastructure.Tests.Persistence;

/// <summary>
/// The alarm's due time is part of the store: written in the work's own transaction, kept earlier when armed again,
/// told to the scheduler only after a commit, and forgotten with a rollback.
/// </summary>
public sealed class LedgerAlarmTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _temp = new();
    private readonly RecordingScheduler _scheduler = new();
    private readonly FakeTimeProvider _clock = new(Noon.AddMinutes(-10));
    private readonly SqliteLedgerStores _stores;
    private readonly Guid _storeId = Guid.NewGuid();

    public LedgerAlarmTests()
    {
        var data = new DataDirectory(Options.Create(new GastownOptions { DataDir = _temp.Path }));
        _stores = new SqliteLedgerStores(data, _scheduler, _clock, NullLogger<SqliteLedgerStores>.Instance);
    }

    [Fact]
    public async Task Arming_keeps_the_earlier_time_and_schedules_only_after_commit()
    {
        await CreateStoreAsync();

        await using (var ledger = await _stores.OpenAsync(_storeId, LedgerAccess.Write, CancellationToken.None))
        {
            await ledger.Alarm.ArmAsync(Noon.AddMinutes(5), CancellationToken.None);
            await ledger.Alarm.ArmAsync(Noon, CancellationToken.None);
            await ledger.Alarm.ArmAsync(Noon.AddMinutes(1), CancellationToken.None);
            _scheduler.Armed.ShouldBeEmpty();
            await ledger.CommitAsync(CancellationToken.None);
        }

        _scheduler.Armed.ShouldBe([(_storeId, Noon)]);
        (await DueAsync()).ShouldBe(Noon);
    }

    [Fact]
    public async Task An_arm_that_keeps_another_writers_time_leaves_the_scheduler_to_that_writer_until_the_time_is_near()
    {
        await CreateStoreAsync();
        await ArmAndCommitAsync(Noon);
        _scheduler.Armed.ShouldBe([(_storeId, Noon)]);

        // Later than the due time another transaction wrote, ten minutes ahead: that writer tells the scheduler.
        await ArmAndCommitAsync(Noon.AddMinutes(5));
        _scheduler.Armed.Count.ShouldBe(1);
        (await DueAsync()).ShouldBe(Noon);

        // Earlier: this transaction writes the time, so it tells the scheduler.
        await ArmAndCommitAsync(Noon.AddMinutes(-1));
        _scheduler.Armed.ShouldBe([(_storeId, Noon), (_storeId, Noon.AddMinutes(-1))]);

        // Within a second of the kept time (or past it) every arm tells the scheduler again: a writer that died between
        // its commit and its arm is made good by the next write.
        _clock.SetUtcNow(Noon.AddMinutes(-1).AddMilliseconds(-500));
        await ArmAndCommitAsync(Noon.AddMinutes(5));
        _scheduler.Armed.Last().ShouldBe((_storeId, Noon.AddMinutes(-1)));
        _scheduler.Armed.Count.ShouldBe(3);
    }

    [Fact]
    public async Task An_arm_after_the_tick_replaced_the_time_in_the_same_transaction_tells_the_scheduler()
    {
        await CreateStoreAsync();
        await ArmAndCommitAsync(Noon);

        await using (var ledger = await _stores.OpenAsync(_storeId, LedgerAccess.Write, CancellationToken.None))
        {
            await ledger.Alarm.ReplaceAsync(Noon.AddMinutes(2), CancellationToken.None);
            await ledger.Alarm.ArmAsync(Noon.AddMinutes(3), CancellationToken.None);
            await ledger.CommitAsync(CancellationToken.None);
        }

        _scheduler.Armed.Last().ShouldBe((_storeId, Noon.AddMinutes(2)));
    }

    private async Task ArmAndCommitAsync(DateTimeOffset at)
    {
        await using var ledger = await _stores.OpenAsync(_storeId, LedgerAccess.Write, CancellationToken.None);
        await ledger.Alarm.ArmAsync(at, CancellationToken.None);
        await ledger.CommitAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_rolled_back_arm_leaves_no_due_time_and_tells_no_scheduler()
    {
        await CreateStoreAsync();

        await using (var ledger = await _stores.OpenAsync(_storeId, LedgerAccess.Write, CancellationToken.None))
            await ledger.Alarm.ArmAsync(Noon, CancellationToken.None);

        _scheduler.Armed.ShouldBeEmpty();
        (await DueAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task The_tick_replaces_the_due_time_and_it_survives_reopening_the_file()
    {
        await CreateStoreAsync();
        await using (var ledger = await _stores.OpenAsync(_storeId, LedgerAccess.Write, CancellationToken.None))
        {
            await ledger.Alarm.ArmAsync(Noon, CancellationToken.None);
            await ledger.CommitAsync(CancellationToken.None);
        }
        await using (var ledger = await _stores.OpenAsync(_storeId, LedgerAccess.Write, CancellationToken.None))
        {
            await ledger.Alarm.ReplaceAsync(Noon.AddMinutes(5), CancellationToken.None);
            await ledger.CommitAsync(CancellationToken.None);
        }

        var reopened = new SqliteLedgerStores(
            new DataDirectory(Options.Create(new GastownOptions { DataDir = _temp.Path })), _scheduler, _clock, NullLogger<SqliteLedgerStores>.Instance);
        await using var again = await reopened.OpenAsync(_storeId, LedgerAccess.Read, CancellationToken.None);
        (await again.Alarm.GetAsync(CancellationToken.None)).ShouldBe(Noon.AddMinutes(5));
        again.Identity.Kind.ShouldBe(LedgerKind.Rig);
        again.Identity.GitUrl.ShouldBe("https://example.com/repo.git");
    }

    private Task CreateStoreAsync() =>
        _stores.CreateAsync(new LedgerIdentity(_storeId, LedgerKind.Rig, Guid.NewGuid(), Guid.NewGuid(), "web", "https://example.com/repo.git", "main"),
            CancellationToken.None);

    private async Task<DateTimeOffset?> DueAsync()
    {
        await using var ledger = await _stores.OpenAsync(_storeId, LedgerAccess.Read, CancellationToken.None);
        return await ledger.Alarm.GetAsync(CancellationToken.None);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>A scheduler that only remembers what it was asked (the real one is Quartz, tested end to end).</summary>
    private sealed class RecordingScheduler : IAlarmScheduler
    {
        public List<(Guid StoreId, DateTimeOffset At)> Armed { get; } = [];

        public Task ArmAsync(Guid storeId, DateTimeOffset at, CancellationToken ct)
        {
            Armed.Add((storeId, at));
            return Task.CompletedTask;
        }
    }
}
