using System.Diagnostics;
using Gastown.Application.Common.Ports;
using Gastown.Domain.Beads;
using Gastown.Domain.Ledgers;
using Gastown.Domain.Rigs;
using Gastown.Domain.Towns;
using Gastown.Domain.Users;
using Gastown.Infrastructure.Persistence.Postgres;
using Gastown.Infrastructure.Tests.Support;
using Npgsql;

namespace Gastown.Infrastructure.Tests.Persistence.Postgres;

/// <summary>
/// What a request costs in round trips to PostgreSQL, counted as Npgsql sends them (one activity per command or
/// batch, on this test's own database): a writer's lock rides with its first read, its writes and the COMMIT with
/// its last statement, and a rig's owner is one read.
/// </summary>
public sealed class PostgresRoundTripTests(PostgresFixture postgres) : IAsyncDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly StoreHarness _stores = new(TestStorage.Postgres(postgres));

    public ValueTask DisposeAsync() => _stores.DisposeAsync();

    [Fact]
    public async Task A_sling_shaped_write_session_is_two_round_trips_and_commits_in_the_last()
    {
        // The sling's session: the row lock, the queue and a free polecat (one batch), then the writes, the alarm and
        // the COMMIT (another).
        var storeId = Guid.NewGuid();
        (await _stores.Ledgers.CreateAsync(new LedgerIdentity(storeId, LedgerKind.Rig, Guid.Empty, Guid.Empty, "web", "https://example.com/r.git", "main"), Ct))
            .IsSuccess.ShouldBeTrue();
        var bead = Bead.New(BeadType.Issue, "Counted", null, Noon);

        var sent = await CountAsync(async () =>
        {
            await using var ledger = await _stores.Ledgers.OpenAsync(storeId, LedgerAccess.Write, Ct);
            (await ledger.Agents.FindQueueAndFreePolecatAsync(Ct)).ShouldBe((false, null));
            await ledger.Beads.InsertAsync(bead, Ct);
            await ledger.Beads.AppendEventAsync(BeadEvent.Of(bead.Id, null, BeadEventType.Created, Noon), Ct);
            await ledger.Alarm.ArmAsync(Noon, Ct);
            await ledger.CommitAsync(Ct);
        });

        sent.Count.ShouldBe(2, string.Join("\n", sent));
        sent[0].ShouldStartWith("SELECT store_id FROM ledger_stores", Case.Sensitive, "the lock goes with the first reads");
        sent[1].ShouldEndWith("; COMMIT", Case.Sensitive, "the writes, the alarm and the commit go in one batch");
        _stores.Scheduler.Armed.ShouldBe([(storeId, Noon)]);
        await using var reader = await _stores.Ledgers.OpenAsync(storeId, LedgerAccess.Read, Ct);
        (await reader.Beads.GetAsync(bead.Id, Ct)).ShouldNotBeNull("committed");
        (await reader.Beads.ListEventsAsync(bead.Id, Ct)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_rigs_owner_is_one_read()
    {
        var user = new User(Guid.NewGuid(), "owner", Noon);
        (await _stores.Users.TryAddUserAsync(user, new ApiToken(Guid.NewGuid(), user.Id, "hash", Noon, null), Ct)).ShouldBeTrue();
        var owner = user.Id;
        var town = new Town(Guid.NewGuid(), "acme", owner, Noon, Noon);
        var rig = new Rig(Guid.NewGuid(), town.Id, "web", "https://example.com/web.git", "main", Noon, Noon);
        (await _stores.Directory.TryAddTownAsync(town, Ct)).ShouldBeTrue();
        (await _stores.Directory.TryAddRigAsync(rig, Ct)).ShouldBeTrue();

        Guid? found = null;
        var sent = await CountAsync(async () => found = await _stores.Directory.GetRigOwnerAsync(rig.Id, Ct));

        found.ShouldBe(owner);
        sent.Count.ShouldBe(1, string.Join("\n", sent));
    }

    [Fact]
    public void The_pool_prepares_statements_and_does_not_reset_unless_the_connection_string_says_otherwise()
    {
        var plain = new NpgsqlConnectionStringBuilder("Host=127.0.0.1;Database=x");
        PostgresStorage.Tune(plain);
        (plain.MaxAutoPrepare, plain.NoResetOnClose).ShouldBe((256, true));

        var given = new NpgsqlConnectionStringBuilder("Host=127.0.0.1;Database=x;Max Auto Prepare=0;NoResetOnClose=false");
        PostgresStorage.Tune(given);
        (given.MaxAutoPrepare, given.NoResetOnClose).ShouldBe((0, false), "the operator's settings stand");
    }

    /// <summary>The statement text of every command or batch sent to this test's database while <paramref name="act"/> runs.</summary>
    private async Task<List<string>> CountAsync(Func<Task> act)
    {
        var database = new NpgsqlConnectionStringBuilder(_stores.Storage.ConnectionString).Database!;
        var sent = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (!activity.TagObjects.Any(tag => Equals(tag.Value, database))) return;
                var text = activity.TagObjects.FirstOrDefault(tag => tag.Key is "db.query.text" or "db.statement").Value as string ?? activity.DisplayName;
                lock (sent) sent.Add(text.ReplaceLineEndings(" "));
            },
        };
        ActivitySource.AddActivityListener(listener);
        await act();
        lock (sent) return [.. sent];
    }
}
