using Gastown.Application.Common.Ports;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Ledgers;
using Gastown.Domain.Mail;
using Gastown.Domain.Reviews;
using Gastown.Domain.Towns;
using Gastown.Infrastructure.Tests.Support;

namespace Gastown.Infrastructure.Tests.Persistence;

/// <summary>
/// The ledger store port, the same on both providers: every kind of row round-trips, lists keep their order and
/// filters, a store sees only its own rows, a write session is all or nothing, and one store has one writer at a time
/// even across nodes (two sets of stores on one storage), while readers never wait for it.
/// </summary>
public abstract class LedgerStoreTests(TestStorage storage) : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly StoreHarness _stores = new(storage);
    private readonly Guid _storeId = Guid.NewGuid();

    public async ValueTask InitializeAsync()
    {
        _stores.Storage.Provider.ShouldBe(storage.ToString());
        (await _stores.Ledgers.CreateAsync(Identity(_storeId), Ct)).IsSuccess.ShouldBeTrue();
    }

    public ValueTask DisposeAsync() => _stores.DisposeAsync();

    [Fact]
    public async Task A_created_store_exists_keeps_its_identity_and_goes_away_when_deleted()
    {
        _stores.Ledgers.Exists(_storeId).ShouldBeTrue();
        _stores.Ledgers.Exists(Guid.NewGuid()).ShouldBeFalse();
        await using (var second = _stores.SecondNode())
        await using (var ledger = await second.Ledgers.OpenAsync(_storeId, LedgerAccess.Read, Ct))
            ledger.Identity.ShouldBe(Identity(_storeId));

        await WriteAsync(ledger => ledger.Beads.InsertAsync(Bead.New(BeadType.Issue, "Doomed", null, Noon), Ct));
        await _stores.Ledgers.DeleteAsync(_storeId, Ct);

        _stores.Ledgers.Exists(_storeId).ShouldBeFalse();
        (await _stores.Ledgers.CreateAsync(Identity(_storeId), Ct)).IsSuccess.ShouldBeTrue();
        (await ReadAsync(ledger => ledger.Beads.ListAsync(new(), Ct))).ShouldBeEmpty("a new store of the same id starts empty");
    }

    [Fact]
    public async Task Arming_keeps_the_earlier_time_schedules_after_commit_and_a_rollback_forgets_it()
    {
        await using (var ledger = await _stores.Ledgers.OpenAsync(_storeId, LedgerAccess.Write, Ct))
            await ledger.Alarm.ArmAsync(Noon.AddMinutes(-5), Ct);
        (await ReadAsync(ledger => ledger.Alarm.GetAsync(Ct))).ShouldBeNull();
        _stores.Scheduler.Armed.ShouldBeEmpty();

        await using (var ledger = await _stores.Ledgers.OpenAsync(_storeId, LedgerAccess.Write, Ct))
        {
            await ledger.Alarm.ArmAsync(Noon.AddMinutes(5), Ct);
            await ledger.Alarm.ArmAsync(Noon, Ct);
            await ledger.Alarm.ArmAsync(Noon.AddMinutes(1), Ct);
            _stores.Scheduler.Armed.ShouldBeEmpty();
            await ledger.CommitAsync(Ct);
        }

        _stores.Scheduler.Armed.ShouldBe([(_storeId, Noon)]);
        await WriteAsync(ledger => ledger.Alarm.ReplaceAsync(Noon.AddMinutes(7), Ct));
        await using var second = _stores.SecondNode();
        await using var again = await second.Ledgers.OpenAsync(_storeId, LedgerAccess.Read, Ct);
        (await again.Alarm.GetAsync(Ct)).ShouldBe(Noon.AddMinutes(7));
    }

    [Fact]
    public async Task Beads_round_trip_and_list_newest_first_with_filters_paging_and_the_queue()
    {
        var low = Bead.New(BeadType.Issue, "Low", "body", Noon, BeadPriority.Low, new Dictionary<string, string> { ["k"] = "v" }, ["a", "b"]);
        var critical = Bead.New(BeadType.Issue, "Critical", null, Noon.AddSeconds(1), BeadPriority.Critical);
        var message = Bead.New(BeadType.Message, "Hello", null, Noon.AddSeconds(2));
        var agentId = Guid.NewGuid();
        var assigned = Bead.New(BeadType.Issue, "Assigned", null, Noon.AddSeconds(3)) with
        {
            AssigneeAgentId = agentId, Status = BeadStatus.InProgress, DispatchAttempts = 2, LastDispatchAttemptAt = Noon.AddTicks(5),
            LastError = "boom", NextAttemptAt = Noon.AddMinutes(2), ReviewRounds = 1,
        };
        await WriteAsync(async ledger =>
        {
            foreach (var bead in new[] { low, critical, message, assigned }) await ledger.Beads.InsertAsync(bead, Ct);
        });
        await using (var other = await OtherStoreAsync())
        {
            await other.Beads.InsertAsync(Bead.New(BeadType.Issue, "Elsewhere", null, Noon), Ct);
            await other.CommitAsync(Ct);
        }

        // Times are kept to the microsecond; labels and metadata come back as equal collections (compared apart).
        var stored = (await ReadAsync(ledger => ledger.Beads.GetAsync(assigned.Id, Ct))).ShouldNotBeNull();
        (stored with { Labels = assigned.Labels, Metadata = assigned.Metadata }).ShouldBe(assigned with { LastDispatchAttemptAt = Noon });
        var storedLow = (await ReadAsync(ledger => ledger.Beads.GetAsync(low.Id, Ct))).ShouldNotBeNull();
        storedLow.Labels.ShouldBe(["a", "b"]);
        storedLow.Metadata.ShouldBe(new Dictionary<string, string> { ["k"] = "v" });
        storedLow.Body.ShouldBe("body");
        storedLow.Priority.ShouldBe(BeadPriority.Low);
        (await ReadAsync(ledger => ledger.Beads.ListAsync(new(), Ct))).Select(bead => bead.Title).ShouldBe(["Assigned", "Hello", "Critical", "Low"]);
        (await ReadAsync(ledger => ledger.Beads.ListAsync(new(Statuses: [BeadStatus.InProgress]), Ct))).ShouldHaveSingleItem().Id.ShouldBe(assigned.Id);
        (await ReadAsync(ledger => ledger.Beads.ListAsync(new(Type: BeadType.Message), Ct))).ShouldHaveSingleItem().Id.ShouldBe(message.Id);
        (await ReadAsync(ledger => ledger.Beads.ListAsync(new(AssigneeAgentId: agentId), Ct))).ShouldHaveSingleItem().Id.ShouldBe(assigned.Id);
        (await ReadAsync(ledger => ledger.Beads.ListAsync(new(Limit: 2, After: new BeadCursor(message.CreatedAt, message.Id)), Ct)))
            .Select(bead => bead.Title).ShouldBe(["Critical", "Low"]);
        (await ReadAsync(ledger => ledger.Beads.HasQueuedAsync(Ct))).ShouldBeTrue();
        (await ReadAsync(ledger => ledger.Beads.ListQueuedAsync(10, Ct))).Select(bead => bead.Title).ShouldBe(["Critical", "Low"]);
        (await ReadAsync(ledger => ledger.Beads.CountByStatusAsync(Ct))).ShouldBe(new Dictionary<string, int> { ["open"] = 3, ["in_progress"] = 1 }, ignoreOrder: true);

        await WriteAsync(ledger => ledger.Beads.UpdateAsync(critical with { Status = BeadStatus.Closed, ClosedAt = Noon.AddHours(1), Title = "Done" }, Ct));
        (await ReadAsync(ledger => ledger.Beads.GetAsync(critical.Id, Ct)))!.Title.ShouldBe("Done");
        await WriteAsync(ledger => ledger.Beads.DeleteAsync(low.Id, Ct));
        (await ReadAsync(ledger => ledger.Beads.HasQueuedAsync(Ct))).ShouldBeFalse();
        (await ReadAsync(ledger => ledger.Agents.FindQueueAndFreePolecatAsync(Ct))).ShouldBe((false, null));
    }

    [Fact]
    public async Task Agents_events_mail_reviews_replies_and_usage_round_trip_within_their_store()
    {
        var bead = Bead.New(BeadType.Issue, "Work", null, Noon);
        var busy = Agent.NewPolecat("web", "busy", Noon) with { Status = AgentStatus.Working, HookedBeadId = bead.Id, Generation = 3, ProcessId = 77 };
        var free = Agent.NewPolecat("web", "free", Noon.AddSeconds(1));
        var dead = Agent.NewPolecat("web", "dead", Noon.AddSeconds(2)) with { Status = AgentStatus.Dead };
        var mayor = Agent.NewMayor("town", Noon.AddSeconds(3));
        var mail = MailMessage.New("mayor", busy.Id, "GUPP_CHECK", "still there?", Noon);
        var review = ReviewEntry.New(busy.Id, bead.Id, "gt/busy/1234", "did it", Noon) with
        {
            Gates = [new GateResult(["dotnet", "test"], true, 0, false, "ok", 1.5)],
        };
        var reply = MayorReply.New(mayor.Id, "on it", bead.Id, Noon);
        await WriteAsync(async ledger =>
        {
            await ledger.Beads.InsertAsync(bead, Ct);
            foreach (var agent in new[] { busy, free, dead, mayor }) await ledger.Agents.InsertAsync(agent, Ct);
            await ledger.Beads.AppendEventAsync(BeadEvent.Of(bead.Id, null, BeadEventType.Created, Noon, newValue: "issue"), Ct);
            await ledger.Beads.AppendEventAsync(BeadEvent.Of(bead.Id, busy.Id, BeadEventType.Dispatched, Noon.AddSeconds(1), newValue: "3",
                metadata: new Dictionary<string, string> { ["model"] = "m" }), Ct);
            await ledger.Mail.InsertAsync(mail, Ct);
            await ledger.Reviews.InsertAsync(review, Ct);
            await ledger.MayorReplies.InsertAsync(reply, Ct);
            await ledger.Usage.AddAsync(new AgentRunUsage(busy.Id, 3, null, new TokenUsage(10, 5, 1, 0.25m), Noon), Ct);
            await ledger.Usage.AddAsync(new AgentRunUsage(busy.Id, 3, null, new TokenUsage(1, 1, 0, null), Noon), Ct);
        });

        await using (var ledger = await _stores.Ledgers.OpenAsync(_storeId, LedgerAccess.Read, Ct))
        {
            (await ledger.Agents.GetAsync(busy.Id, Ct)).ShouldBe(busy);
            (await ledger.Agents.ListAsync(Ct)).Select(agent => agent.Name).ShouldBe(["busy", "free", "dead", mayor.Name]);
            (await ledger.Agents.FindFreePolecatAsync(Ct))!.Id.ShouldBe(free.Id);
            var (queued, found) = await ledger.Agents.FindQueueAndFreePolecatAsync(Ct);
            (queued, found?.Id).ShouldBe((true, free.Id), "the bead waits in the queue, and the free polecat is found with it");
            (await ledger.Agents.CountLivePolecatsAsync(Ct)).ShouldBe(2);
            (await ledger.Agents.FindByRoleAsync(AgentRole.Mayor, Ct))!.Id.ShouldBe(mayor.Id);
            var events = await ledger.Beads.ListEventsAsync(bead.Id, Ct);
            events.Select(e => e.Type).ShouldBe([BeadEventType.Created, BeadEventType.Dispatched]);
            events[1].Metadata["model"].ShouldBe("m");
            (await ledger.Beads.ListRecentEventsAsync(Noon.AddMilliseconds(500), 10, Ct)).ShouldHaveSingleItem().Type.ShouldBe(BeadEventType.Dispatched);
            (await ledger.Beads.ListRecentEventsAsync(null, 10, Ct)).Count.ShouldBe(2);
            (await ledger.Mail.ListUndeliveredAsync(busy.Id, Ct)).ShouldBe([mail]);
            (await ledger.Mail.HasUndeliveredAsync(busy.Id, "GUPP_CHECK", Ct)).ShouldBeTrue();
            var stored = (await ledger.Reviews.GetAsync(review.Id, Ct)).ShouldNotBeNull();
            stored.Gates.ShouldNotBeNull().ShouldHaveSingleItem().Command.ShouldBe(["dotnet", "test"]);
            (await ledger.Reviews.ListAsync(ReviewStatus.Pending, Ct)).ShouldHaveSingleItem();
            (await ledger.Reviews.ListAsync(ReviewStatus.Merged, Ct)).ShouldBeEmpty();
            (await ledger.Reviews.ListAsync(null, Ct)).ShouldHaveSingleItem();
            (await ledger.MayorReplies.ListAsync(10, Ct)).ShouldBe([reply]);
            // The run's bead came from its dispatched event; the two reports of one run add up.
            (await ledger.Usage.GetPerBeadAsync([bead.Id, Guid.NewGuid()], Ct)).ShouldBe(
                new Dictionary<Guid, TokenUsage> { [bead.Id] = new TokenUsage(11, 6, 1, 0.25m) });
            (await ledger.GetActivityAsync(Ct)).ShouldBe(new LedgerActivity(1, 0, 1, 1, 0, 0));
        }

        await WriteAsync(async ledger =>
        {
            await ledger.Mail.MarkDeliveredAsync([mail.Id], Noon.AddMinutes(1), Ct);
            await ledger.Reviews.UpdateAsync(review with { Status = ReviewStatus.Merged, MergeCommit = "abc", UpdatedAt = Noon.AddMinutes(1) }, Ct);
            await ledger.Agents.UpdateAsync(busy with { Status = AgentStatus.Idle, HookedBeadId = null, StatusLine = "resting" }, Ct);
            await ledger.Agents.DeleteAsync(dead.Id, Ct);
        });
        await using (var ledger = await _stores.Ledgers.OpenAsync(_storeId, LedgerAccess.Read, Ct))
        {
            (await ledger.Mail.ListUndeliveredAsync(busy.Id, Ct)).ShouldBeEmpty();
            (await ledger.Reviews.GetAsync(review.Id, Ct))!.MergeCommit.ShouldBe("abc");
            (await ledger.Agents.GetAsync(busy.Id, Ct))!.StatusLine.ShouldBe("resting");
            (await ledger.Agents.GetAsync(dead.Id, Ct)).ShouldBeNull();
        }
        await using (var other = await OtherStoreAsync())
        {
            (await other.Agents.ListAsync(Ct)).ShouldBeEmpty("another store sees none of these rows");
            (await other.Beads.ListEventsAsync(bead.Id, Ct)).ShouldBeEmpty();
            (await other.Usage.GetPerBeadAsync([bead.Id], Ct)).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task A_write_session_disposed_without_commit_changes_nothing()
    {
        var bead = Bead.New(BeadType.Issue, "Never", null, Noon);
        await using (var ledger = await _stores.Ledgers.OpenAsync(_storeId, LedgerAccess.Write, Ct))
        {
            await ledger.Beads.InsertAsync(bead, Ct);
            await ledger.Beads.AppendEventAsync(BeadEvent.Of(bead.Id, null, BeadEventType.Created, Noon), Ct);
        }

        (await ReadAsync(ledger => ledger.Beads.GetAsync(bead.Id, Ct))).ShouldBeNull();
        (await ReadAsync(ledger => ledger.Beads.ListEventsAsync(bead.Id, Ct))).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_write_that_fails_leaves_nothing_of_its_session_and_the_store_stays_writable()
    {
        // On PostgreSQL the writes wait and go with the commit, which ends their batch: the refused insert must stop
        // the COMMIT behind it, so neither the first insert, its event nor the alarm is kept.
        var bead = Bead.New(BeadType.Issue, "Twice", null, Noon);
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var ledger = await _stores.Ledgers.OpenAsync(_storeId, LedgerAccess.Write, Ct);
            (await ledger.Beads.HasQueuedAsync(Ct)).ShouldBeFalse();
            await ledger.Beads.InsertAsync(bead, Ct);
            await ledger.Beads.AppendEventAsync(BeadEvent.Of(bead.Id, null, BeadEventType.Created, Noon), Ct);
            await ledger.Alarm.ArmAsync(Noon, Ct);
            await ledger.Beads.InsertAsync(bead, Ct);
            await ledger.CommitAsync(Ct);
        });

        failure.ShouldBeAssignableTo<System.Data.Common.DbException>("the same bead id twice is refused");
        (await ReadAsync(ledger => ledger.Beads.GetAsync(bead.Id, Ct))).ShouldBeNull();
        (await ReadAsync(ledger => ledger.Beads.ListEventsAsync(bead.Id, Ct))).ShouldBeEmpty();
        (await ReadAsync(ledger => ledger.Alarm.GetAsync(Ct))).ShouldBeNull();
        _stores.Scheduler.Armed.ShouldBeEmpty();
        // Its connection went back rolled back and its lock was released: the next writer of the store commits.
        await WriteAsync(ledger => ledger.Beads.InsertAsync(bead, Ct));
        (await ReadAsync(ledger => ledger.Beads.GetAsync(bead.Id, Ct))).ShouldNotBeNull();
    }

    [Fact]
    public async Task Two_nodes_writing_one_store_at_once_lose_no_update()
    {
        // Each writer reads a counter (the alarm's due time), waits, and writes it plus one: without one writer per store
        // across nodes, two of them would read the same value and one increment would be lost.
        const int WritersPerNode = 12;
        await WriteAsync(ledger => ledger.Alarm.ReplaceAsync(Noon, Ct));
        await using var second = _stores.SecondNode();

        await Task.WhenAll(new[] { _stores, second }.SelectMany(node => Enumerable.Range(0, WritersPerNode).Select(n => Task.Run(async () =>
        {
            await using var ledger = await node.Ledgers.OpenAsync(_storeId, LedgerAccess.Write, Ct);
            var current = (await ledger.Alarm.GetAsync(Ct)).ShouldNotBeNull();
            await Task.Delay(5, Ct);
            await ledger.Beads.InsertAsync(Bead.New(BeadType.Issue, $"Write {n}", null, current), Ct);
            await ledger.Alarm.ReplaceAsync(current.AddSeconds(1), Ct);
            await ledger.CommitAsync(Ct);
        }))));

        (await ReadAsync(ledger => ledger.Alarm.GetAsync(Ct))).ShouldBe(Noon.AddSeconds(2 * WritersPerNode));
        var beads = await ReadAsync(ledger => ledger.Beads.ListAsync(new(), Ct));
        beads.Count.ShouldBe(2 * WritersPerNode);
        beads.Select(bead => bead.CreatedAt).Distinct().Count().ShouldBe(2 * WritersPerNode, "each writer saw the one before it");
    }

    [Fact]
    public async Task Readers_do_not_wait_for_a_writer_and_see_the_last_commit()
    {
        var committed = Bead.New(BeadType.Issue, "Committed", null, Noon);
        await WriteAsync(ledger => ledger.Beads.InsertAsync(committed, Ct));
        await using var second = _stores.SecondNode();

        await using var writer = await _stores.Ledgers.OpenAsync(_storeId, LedgerAccess.Write, Ct);
        await writer.Beads.InsertAsync(Bead.New(BeadType.Issue, "In flight", null, Noon.AddSeconds(1)), Ct);
        (await writer.Beads.ListAsync(new(), Ct)).Count.ShouldBe(2, "the writer sees its own write (sent, not yet committed)");
        await using (var reader = await second.Ledgers.OpenAsync(_storeId, LedgerAccess.Read, Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct))
            (await reader.Beads.ListAsync(new(), Ct)).ShouldHaveSingleItem().Id.ShouldBe(committed.Id);

        // Another node's writer waits for this one, then sees its commit.
        var waiting = Task.Run(async () =>
        {
            await using var ledger = await second.Ledgers.OpenAsync(_storeId, LedgerAccess.Write, Ct);
            return (await ledger.Beads.ListAsync(new(), Ct)).Count;
        }, Ct);
        await Task.Delay(200, Ct);
        waiting.IsCompleted.ShouldBeFalse("a second writer waits for the first");
        await writer.CommitAsync(Ct);
        (await waiting.WaitAsync(TimeSpan.FromSeconds(20), Ct)).ShouldBe(2);
    }

    private async Task<ILedgerSession> OtherStoreAsync()
    {
        var other = Guid.NewGuid();
        (await _stores.Ledgers.CreateAsync(Identity(other), Ct)).IsSuccess.ShouldBeTrue();
        return await _stores.Ledgers.OpenAsync(other, LedgerAccess.Write, Ct);
    }

    private async Task WriteAsync(Func<ILedgerSession, Task> write)
    {
        await using var ledger = await _stores.Ledgers.OpenAsync(_storeId, LedgerAccess.Write, Ct);
        await write(ledger);
        await ledger.CommitAsync(Ct);
    }

    private async Task<T> ReadAsync<T>(Func<ILedgerSession, Task<T>> read)
    {
        await using var ledger = await _stores.Ledgers.OpenAsync(_storeId, LedgerAccess.Read, Ct);
        return await read(ledger);
    }

    private static LedgerIdentity Identity(Guid storeId) =>
        new(storeId, LedgerKind.Rig, Guid.Empty, Guid.Empty, "web", "https://example.com/repo.git", "main");
}

public sealed class SqliteLedgerStoreTests() : LedgerStoreTests(TestStorage.Sqlite);

public sealed class PostgresLedgerStoreTests(PostgresFixture postgres) : LedgerStoreTests(TestStorage.Postgres(postgres));
