using Ardalis.Result;
using Gastown.Application.Beads.GetRunTranscript;
using Gastown.Application.Beads.ListBeadRuns;
using Gastown.Application.Common.Ports;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Runs;

namespace Gastown.Application.Tests.Beads;

/// <summary>
/// Stored runs and their transcripts through the real stores (both databases): a run names the bead its dispatch was
/// for and carries its usage, a transcript is paged, the store keeps its newest runs, another user's rig answers 404.
/// </summary>
public abstract class BeadRunsTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_stored_run_is_listed_for_its_bead_with_its_usage_and_its_transcript_is_paged()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        await _app.TickAsync(polecat.Rig.Id); // dispatched: generation 1
        var started = _app.Clock.GetUtcNow();
        var run = NewRun(polecat.Agent.Id, polecat.Agent.Name, generation: 1, started);
        TranscriptEntry[] transcript =
        [
            new(1, started, "status", null, "started (pid 1, generation 1)"),
            new(2, started, "text", "stdout", "Reading the README."),
            new(3, started, "tool_call", "stdout", "gt_prime", new Dictionary<string, string> { ["tool"] = "gt_prime" }),
            new(4, started, "error", "stdout", "the model refused"),
            new(5, started.AddSeconds(5), "status", null, "exited with code 1"),
        ];
        await WriteAsync(polecat.Rig.Id, async ledger =>
        {
            await ledger.Usage.AddAsync(new AgentRunUsage(polecat.Agent.Id, 1, null, new TokenUsage(100, 20, 5, 0.25m), started), AppHarness.Ct);
            await ledger.Runs.SaveAsync(run, transcript, keepRuns: 10, AppHarness.Ct);
        });

        var runs = await _app.SendAsync(polecat.Owner, new ListBeadRunsQuery(polecat.Rig.Id, polecat.Bead.Id));

        runs.ShouldSucceed();
        var listed = runs.Value.ShouldHaveSingleItem();
        (listed.Id, listed.AgentId, listed.AgentName, listed.Generation, listed.BeadId, listed.ExitCode, listed.Entries)
            .ShouldBe((run.Id, polecat.Agent.Id, polecat.Agent.Name, 1, (Guid?)polecat.Bead.Id, (int?)1, 5));
        listed.Usage.ShouldNotBeNull().InputTokens.ShouldBe(100);
        listed.Usage.CostUsd.ShouldBe(0.25m);

        var first = await _app.SendAsync(polecat.Owner, new GetRunTranscriptQuery(polecat.Rig.Id, polecat.Bead.Id, run.Id, After: 0, Limit: 2));
        first.ShouldSucceed();
        first.Value.Entries.Select(entry => entry.Seq).ShouldBe([1L, 2L]);
        first.Value.NextAfter.ShouldBe(2);
        first.Value.Run.Id.ShouldBe(run.Id);
        var rest = await _app.SendAsync(polecat.Owner, new GetRunTranscriptQuery(polecat.Rig.Id, polecat.Bead.Id, run.Id, After: 2, Limit: 10));
        rest.Value.Entries.Select(entry => entry.Kind).ShouldBe(["tool_call", "error", "status"]);
        rest.Value.Entries[0].Detail.ShouldNotBeNull()["tool"].ShouldBe("gt_prime");
        rest.Value.NextAfter.ShouldBeNull();
    }

    [Fact]
    public async Task A_run_in_flight_is_listed_running_rewritten_as_it_grows_final_once_ended_and_interrupted_when_its_agent_moved_on()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        await _app.TickAsync(polecat.Rig.Id); // dispatched: generation 1, working
        var started = _app.Clock.GetUtcNow();
        var inFlight = NewRun(polecat.Agent.Id, polecat.Agent.Name, generation: 1, started) with { EndedAt = null, ExitCode = null, EntryCount = 1 };
        TranscriptEntry first = new(1, started, "status", null, "started (pid 1, generation 1)");
        TranscriptEntry second = new(2, started.AddSeconds(2), "text", "stdout", "Reading the README.");
        await WriteAsync(polecat.Rig.Id, ledger => ledger.Runs.SaveAsync(inFlight, [first], keepRuns: 10, AppHarness.Ct));

        var running = (await _app.SendAsync(polecat.Owner, new ListBeadRunsQuery(polecat.Rig.Id, polecat.Bead.Id))).Value.ShouldHaveSingleItem();
        (running.Id, running.BeadId, running.EndedAt, running.ExitCode, running.Status, running.Entries)
            .ShouldBe((inFlight.Id, (Guid?)polecat.Bead.Id, (DateTimeOffset?)null, (int?)null, "running", 1));

        // The next write replaces the first: one run, its transcript grown.
        await WriteAsync(polecat.Rig.Id, ledger => ledger.Runs.SaveAsync(inFlight with { EntryCount = 2 }, [first, second], keepRuns: 10, AppHarness.Ct));
        var grown = await _app.SendAsync(polecat.Owner, new GetRunTranscriptQuery(polecat.Rig.Id, polecat.Bead.Id, inFlight.Id));
        grown.Value.Entries.Select(entry => entry.Text).ShouldBe(["started (pid 1, generation 1)", "Reading the README."]);
        grown.Value.Run.Status.ShouldBe("running");

        // The agent moved on (a new dispatch: the server was killed while the run went on): interrupted, its transcript kept.
        _app.Container.Lose(polecat.Agent.Id);
        await _app.TickAsync(polecat.Rig.Id);
        var interrupted = (await _app.SendAsync(polecat.Owner, new ListBeadRunsQuery(polecat.Rig.Id, polecat.Bead.Id))).Value.ShouldHaveSingleItem();
        (interrupted.Status, interrupted.EndedAt, interrupted.ExitCode, interrupted.Entries).ShouldBe(("interrupted", (DateTimeOffset?)null, (int?)null, 2));

        // Ended: final; a late write of it in flight changes nothing.
        var ended = inFlight with { EndedAt = started.AddSeconds(5), ExitCode = 0, EntryCount = 3 };
        TranscriptEntry exit = new(3, started.AddSeconds(5), "status", null, "exited with code 0");
        await WriteAsync(polecat.Rig.Id, ledger => ledger.Runs.SaveAsync(ended, [first, second, exit], keepRuns: 10, AppHarness.Ct));
        await WriteAsync(polecat.Rig.Id, ledger => ledger.Runs.SaveAsync(inFlight, [first], keepRuns: 10, AppHarness.Ct));
        var final = (await _app.SendAsync(polecat.Owner, new ListBeadRunsQuery(polecat.Rig.Id, polecat.Bead.Id))).Value.ShouldHaveSingleItem();
        (final.Status, final.EndedAt, final.ExitCode, final.Entries).ShouldBe(("ended", (DateTimeOffset?)started.AddSeconds(5), (int?)0, 3));
    }

    [Fact]
    public async Task The_store_keeps_its_newest_runs()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var now = _app.Clock.GetUtcNow();
        var runs = Enumerable.Range(1, 3).Select(generation => NewRun(polecat.Agent.Id, polecat.Agent.Name, generation, now.AddMinutes(generation), polecat.Bead.Id)).ToList();
        foreach (var run in runs)
            await WriteAsync(polecat.Rig.Id, ledger => ledger.Runs.SaveAsync(run, [new(1, run.StartedAt, "status", null, "started")], keepRuns: 2, AppHarness.Ct));

        var listed = (await _app.SendAsync(polecat.Owner, new ListBeadRunsQuery(polecat.Rig.Id, polecat.Bead.Id))).Value;

        listed.Select(run => run.Generation).ShouldBe([2, 3]);
        (await _app.SendAsync(polecat.Owner, new GetRunTranscriptQuery(polecat.Rig.Id, polecat.Bead.Id, runs[0].Id))).ShouldHaveStatus(ResultStatus.NotFound);
    }

    [Fact]
    public async Task Another_users_rig_a_missing_bead_and_bad_paging_are_refused()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var stranger = await _app.CreateUserAsync("stranger");

        (await _app.SendAsync(stranger, new ListBeadRunsQuery(polecat.Rig.Id, polecat.Bead.Id))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(stranger, new GetRunTranscriptQuery(polecat.Rig.Id, polecat.Bead.Id, Guid.NewGuid()))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(polecat.Owner, new ListBeadRunsQuery(polecat.Rig.Id, Guid.NewGuid()))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(polecat.Owner, new ListBeadRunsQuery(polecat.Rig.Id, polecat.Bead.Id))).Value.ShouldBeEmpty();
        (await _app.SendAsync(polecat.Owner, new GetRunTranscriptQuery(polecat.Rig.Id, polecat.Bead.Id, Guid.NewGuid(), After: -1, Limit: 0)))
            .ShouldBeInvalidOn("after", "limit");
    }

    private static AgentRun NewRun(Guid agentId, string name, int generation, DateTimeOffset started, Guid? beadId = null) =>
        new(Guid.NewGuid(), agentId, name, generation, beadId, started, started.AddSeconds(5), 1, 5, 0, 500);

    private async Task WriteAsync(Guid storeId, Func<ILedgerSession, Task> write)
    {
        await using var ledger = await _app.Ledgers.OpenAsync(storeId, LedgerAccess.Write, AppHarness.Ct);
        await write(ledger);
        await ledger.CommitAsync(AppHarness.Ct);
    }
}

public sealed class SqliteBeadRunsTests() : BeadRunsTests(TestStorage.Sqlite);

public sealed class PostgresBeadRunsTests(PostgresFixture postgres) : BeadRunsTests(TestStorage.Postgres(postgres));
