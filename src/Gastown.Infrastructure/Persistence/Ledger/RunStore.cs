using Gastown.Domain.Runs;
using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.Ledger;

/// <summary>
/// Agent runs, each with its transcript as one JSON text (bounded by the writer): one row per run, rewritten while the
/// run goes on and once more at its end, read whole (<see cref="SqlDialect"/> for the marks in the SQL).
/// </summary>
internal sealed class RunStore(LedgerSql sql) : IRunStore
{
    private const string Columns = """
        id AS Id, agent_id AS AgentId, agent_name AS AgentName, generation AS Generation, bead_id AS BeadId, started_at AS StartedAt,
        ended_at AS EndedAt, exit_code AS ExitCode, entry_count AS EntryCount, dropped_entries AS DroppedEntries, transcript_bytes AS TranscriptBytes,
        in_progress AS InProgress
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task SaveAsync(AgentRun run, IReadOnlyList<TranscriptEntry> transcript, int keepRuns, CancellationToken ct)
    {
        // A run in flight: ended_at is the time of its last entry (what the retention orders by), in_progress says so.
        var lastAt = run.EndedAt ?? (transcript.Count > 0 ? transcript[^1].At : run.StartedAt);
        await sql.ExecuteAsync("""
            INSERT INTO agent_runs (/*store_id,*/ id, agent_id, agent_name, generation, bead_id, started_at, ended_at, exit_code,
                                    entry_count, dropped_entries, transcript_bytes, transcript, in_progress)
            VALUES (/*@store,*/ @Id, @AgentId, @AgentName, @Generation,
                    -- The bead this run was dispatched for, from its 'dispatched' event, when the caller does not know it.
                    COALESCE(CAST(@BeadId AS TEXT), (SELECT bead_id FROM bead_events
                                                     WHERE /*store_id = @store AND*/ agent_id = @AgentId AND type = 'dispatched'
                                                       AND new_value = CAST(@Generation AS TEXT)
                                                     ORDER BY id DESC LIMIT 1)),
                    @StartedAt, @EndedAt, @ExitCode, @EntryCount, @DroppedEntries, @TranscriptBytes, @Transcript, @InProgress)
            ON CONFLICT (/*store_id,*/ id) DO UPDATE SET
                bead_id = COALESCE(agent_runs.bead_id, excluded.bead_id),
                ended_at = excluded.ended_at, exit_code = excluded.exit_code, entry_count = excluded.entry_count,
                dropped_entries = excluded.dropped_entries, transcript_bytes = excluded.transcript_bytes,
                transcript = excluded.transcript, in_progress = excluded.in_progress
            -- A run stored as ended is final: a late write of it in flight changes nothing.
            WHERE agent_runs.in_progress <> 0
            """, new
        {
            Id = Id(run.Id), AgentId = Id(run.AgentId), run.AgentName, run.Generation, BeadId = Id(run.BeadId), StartedAt = Time(run.StartedAt),
            EndedAt = Time(lastAt), run.ExitCode, run.EntryCount, run.DroppedEntries, run.TranscriptBytes,
            Transcript = JsonSerializer.Serialize(transcript.Select(EntryJson.From), Json), InProgress = run.EndedAt is null ? 1 : 0,
        }, ct);
        // The store's retention: its newest runs are kept, older ones (and their transcripts) go.
        await sql.ExecuteAsync("""
            DELETE FROM agent_runs WHERE /*store_id = @store AND*/ id NOT IN
                (SELECT id FROM agent_runs WHERE /*store_id = @store AND*/ ended_at >= 0 ORDER BY ended_at DESC, id DESC LIMIT @keep)
            """, new { keep = Math.Max(1, keepRuns) }, ct);
    }

    public async Task<IReadOnlyList<(AgentRun Run, TokenUsage? Usage)>> ListForBeadAsync(Guid beadId, CancellationToken ct)
    {
        var runs = await sql.QueryAsync<RunRow>(
            $"SELECT {Columns} FROM agent_runs WHERE /*store_id = @store AND*/ bead_id = @beadId ORDER BY started_at, id",
            new { beadId = Id(beadId) }, ct);
        if (runs.Count == 0) return [];
        var usage = (await sql.QueryAsync<UsageRow>("""
                SELECT agent_id AS AgentId, generation AS Generation, input_tokens AS InputTokens, output_tokens AS OutputTokens,
                       cached_tokens AS CachedTokens, cost_usd AS CostUsd
                FROM agent_usage WHERE /*store_id = @store AND*/ bead_id = @beadId
                """, new { beadId = Id(beadId) }, ct))
            .ToDictionary(row => (row.AgentId, row.Generation), row => row.ToUsage());
        return [.. runs.Select(row => (row.ToDomain(), usage.GetValueOrDefault((row.AgentId, row.Generation))))];
    }

    public async Task<(AgentRun Run, IReadOnlyList<TranscriptEntry> Transcript)?> GetTranscriptAsync(Guid beadId, Guid runId, CancellationToken ct)
    {
        var row = await sql.FirstOrDefaultAsync<TranscriptRow>(
            $"SELECT {Columns}, transcript AS Transcript FROM agent_runs WHERE /*store_id = @store AND*/ id = @runId AND bead_id = @beadId",
            new { runId = Id(runId), beadId = Id(beadId) }, ct);
        if (row is null) return null;
        var entries = JsonSerializer.Deserialize<List<EntryJson>>(row.Transcript, Json) ?? [];
        return (row.ToDomain(), [.. entries.Select(entry => entry.ToDomain())]);
    }

    private sealed record EntryJson(long Seq, long At, string Kind, string? Stream, string Text, Dictionary<string, string>? Detail)
    {
        public static EntryJson From(TranscriptEntry entry) => new(entry.Sequence, Time(entry.At), entry.Kind, entry.Stream, entry.Text,
            entry.Detail is null ? null : new Dictionary<string, string>(entry.Detail));

        public TranscriptEntry ToDomain() => new(Seq, ToTime(At), Kind, Stream, Text, Detail);
    }

    // Settable properties, not a constructor: the column types differ between SQLite and PostgreSQL (integer, bigint).
    private class RunRow
    {
        public string Id { get; set; } = "";
        public string AgentId { get; set; } = "";
        public string AgentName { get; set; } = "";
        public long Generation { get; set; }
        public string? BeadId { get; set; }
        public long StartedAt { get; set; }
        public long EndedAt { get; set; }
        public long? ExitCode { get; set; }
        public long EntryCount { get; set; }
        public long DroppedEntries { get; set; }
        public long TranscriptBytes { get; set; }
        public long InProgress { get; set; }

        public AgentRun ToDomain() => new(ToId(Id), ToId(AgentId), AgentName, (int)Generation, ToOptionalId(BeadId), ToTime(StartedAt),
            InProgress != 0 ? null : ToTime(EndedAt), (int?)ExitCode, (int)EntryCount, (int)DroppedEntries, TranscriptBytes);
    }

    private sealed class TranscriptRow : RunRow
    {
        public string Transcript { get; set; } = "[]";
    }

    private sealed class UsageRow
    {
        public string AgentId { get; set; } = "";
        public long Generation { get; set; }
        public long InputTokens { get; set; }
        public long OutputTokens { get; set; }
        public long CachedTokens { get; set; }
        public double? CostUsd { get; set; }

        public TokenUsage ToUsage() => new(InputTokens, OutputTokens, CachedTokens, CostUsd is { } cost ? (decimal)cost : null);
    }
}
