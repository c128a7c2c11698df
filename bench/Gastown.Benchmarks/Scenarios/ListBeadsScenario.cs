using System.Diagnostics;
using System.Net;
using Dapper;
using Gastown.Application.Beads.ListBeads;
using Gastown.Application.Common.Paging;
using Gastown.Application.Common.Security;
using Gastown.Benchmarks.Support;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static Gastown.Benchmarks.Support.Report;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>
/// Measure 4: listBeads on a rig holding 100,000 beads (bulk-inserted into its ledger file), the first page and a
/// deep page (the cursor walked 50,000 beads down), page size 100 (the default). Measured through the mediator
/// (scope + pipeline + handler, no HTTP) against the bare Dapper query of the same page on the same file, and over
/// HTTP on loopback against GET /api/me.
/// </summary>
public static class ListBeadsScenario
{
    public const string Name = "4 listBeads 100k";
    private const int Beads = 100_000;
    private const int Depth = 50_000;
    private const int PageSize = ListBeadsQuery.DefaultLimit;

    public static async Task RunAsync(RunOptions options)
    {
        var samples = options.Quick ? 100 : 400;
        Console.WriteLine($"== {Name}: {Beads} beads, first page and {Depth} deep, {samples} samples each");

        await using var server = new BenchServer(new BenchContainer());
        var user = await server.CreateUserAsync("bench");
        using var http = server.CreateLoopbackClient(user.Token);
        var town = await GastownApi.CreateTownAsync(http, "bench");
        var rig = await GastownApi.CreateRigAsync(http, town, "big");
        var path = LedgerFiles.Path(server.DataDir, rig);

        var seeding = Stopwatch.StartNew();
        var oldest = LedgerFiles.Micros(DateTimeOffset.UtcNow.AddDays(-60));
        LedgerFiles.InsertBeads(path, Beads, oldest, 50_000, i => (i % 20) switch
        {
            < 16 => ("closed", null),
            16 => ("cancelled", null),
            17 => ("in_progress", Guid.NewGuid().ToString()),
            _ => ("open", null),
        });
        Console.WriteLine($"  seeded {Beads} beads in {seeding.Elapsed.TotalSeconds:0.0} s");

        var actor = Actor.ForUser(user.UserId);
        async Task<Page<Gastown.Application.Beads.BeadResponse>> ListAsync(string? cursor, string? status = null, int limit = PageSize)
        {
            await using var scope = server.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(actor);
            var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ListBeadsQuery(rig, status, limit, cursor));
            return result.IsSuccess ? result.Value : throw new InvalidOperationException($"listBeads: {result.Status}");
        }

        // Walk the cursor down with the largest pages, to Depth (and Depth among closed beads for the status filter).
        async Task<string> WalkAsync(int depth, string? status)
        {
            string? cursor = null;
            for (var walked = 0; walked < depth; walked += ListBeadsQuery.MaxLimit)
                cursor = (await ListAsync(cursor, status, ListBeadsQuery.MaxLimit)).NextCursor ?? throw new InvalidOperationException("ran out of beads");
            return cursor!;
        }
        var walk = Stopwatch.StartNew();
        var deep = await WalkAsync(Depth, null);
        var walkSeconds = walk.Elapsed.TotalSeconds;
        var deepClosed = await WalkAsync(Depth * 8 / 10, "closed");
        Note($"list: walking the cursor {Depth} deep in pages of {ListBeadsQuery.MaxLimit} took {F(walkSeconds, "0.0")} s ({F(walkSeconds * 1000 / (Depth / ListBeadsQuery.MaxLimit), "0.0")} ms per page)");

        BeadCursorText.TryDecode(deep, out var deepCursor);
        BeadCursorText.TryDecode(deepClosed, out var deepClosedCursor);
        var connectionString = LedgerFiles.ConnectionString(path);
        var keyset = "(created_at < @afterAt OR (created_at = @afterAt AND id < @afterId))";
        var rowValue = "(created_at, id) < (@afterAt, @afterId)";
        string Sql(string? where) => $"SELECT {LedgerFiles.BeadColumns} FROM beads{(where is null ? "" : " WHERE " + where)} ORDER BY created_at DESC, id DESC LIMIT @limit";
        object Args(Gastown.Application.Common.Ports.BeadCursor? c, string? status = null) => new
        {
            limit = PageSize + 1,
            afterAt = c is null ? 0 : LedgerFiles.Micros(c.CreatedAt),
            afterId = c?.Id.ToString(),
            status,
        };
        Note($"list: plan first page: {LedgerFiles.Plan(path, Sql(null), Args(null))}");
        Note($"list: plan deep page (server's keyset OR): {LedgerFiles.Plan(path, Sql(keyset), Args(deepCursor))}");
        Note($"list: plan deep page (row value): {LedgerFiles.Plan(path, Sql(rowValue), Args(deepCursor))}");
        Note($"list: plan deep closed page (server's keyset OR): {LedgerFiles.Plan(path, Sql("status IN (@status) AND " + keyset), Args(deepClosedCursor, "closed"))}");

        async Task BareAsync(string sql, object parameters)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await connection.ExecuteAsync("PRAGMA synchronous = NORMAL;");
            await using var transaction = connection.BeginTransaction(deferred: true);
            var rows = (await connection.QueryAsync<BeadRowCopy>(sql, parameters, transaction)).AsList();
            if (rows.Count == 0) throw new InvalidOperationException("empty page");
        }

        async Task HttpAsync(string url)
        {
            using var response = await http.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{url}: {(int)response.StatusCode}");
            await response.Content.ReadAsByteArrayAsync();
        }

        var cases = new (string Label, Func<Task> Run)[]
        {
            ("bare first", () => BareAsync(Sql(null), Args(null))),
            ("mediator first", () => ListAsync(null)),
            ("bare deep", () => BareAsync(Sql(keyset), Args(deepCursor))),
            ("mediator deep", () => ListAsync(deep)),
            ("bare deep row-value", () => BareAsync(Sql(rowValue), Args(deepCursor))),
            ("bare deep closed", () => BareAsync(Sql("status IN (@status) AND " + keyset), Args(deepClosedCursor, "closed"))),
            ("mediator deep closed", () => ListAsync(deepClosed, "closed")),
            ("http me", () => HttpAsync("/api/me")),
            ("http first", () => HttpAsync($"/api/rigs/{rig}/beads")),
            ("http deep", () => HttpAsync($"/api/rigs/{rig}/beads?cursor={deep}")),
        };
        // Interleaved rounds (every case once per round), so drift on a shared machine hits all cases alike.
        var timings = cases.ToDictionary(c => c.Label, _ => new List<double>());
        for (var round = -20; round < samples; round++)
            foreach (var (label, run) in cases)
            {
                var started = Stopwatch.GetTimestamp();
                await run();
                if (round >= 0) timings[label].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        var s = timings.ToDictionary(t => t.Key, t => new Stats(t.Value));
        foreach (var (label, stats) in s) Console.WriteLine($"  {label}: {stats}");

        void Page(string measure, string mediator, string bare)
        {
            var m = s[mediator];
            var b = s[bare];
            Add(new Figure(Name, measure, $"p50 {F(m.P50)} ms, p99 {F(m.P99)} ms", $"bare Dapper query p50 {F(b.P50)} ms",
                $"{F(m.P50 / b.P50)}×", "p50 < 5 ms", m.P50 < 5));
        }
        Page("first page via mediator", "mediator first", "bare first");
        Page($"page {Depth} deep via mediator", "mediator deep", "bare deep");
        Page($"page {Depth * 8 / 10} deep, status=closed, via mediator", "mediator deep closed", "bare deep closed");
        foreach (var (measure, label) in new[] { ("first page over HTTP", "http first"), ($"page {Depth} deep over HTTP", "http deep") })
            Add(new Figure(Name, measure, $"p50 {F(s[label].P50)} ms, p99 {F(s[label].P99)} ms", $"GET /api/me p50 {F(s["http me"].P50)} ms",
                $"{F(s[label].P50 / s["http me"].P50)}×", "p50 < 5 ms", s[label].P50 < 5));
        Note($"list: deep page with a row-value keyset `(created_at, id) < (…)` (bare): p50 {F(s["bare deep row-value"].P50)} ms vs {F(s["bare deep"].P50)} ms with the server's OR form");
    }

    /// <summary>The columns of a bead row, as the server's BeadRow maps them.</summary>
    private sealed class BeadRowCopy
    {
        public string Id { get; init; } = "";
        public string Type { get; init; } = "";
        public string Status { get; init; } = "";
        public string Title { get; init; } = "";
        public string? Body { get; init; }
        public string Priority { get; init; } = "";
        public string? AssigneeAgentId { get; init; }
        public string Labels { get; init; } = "[]";
        public string Metadata { get; init; } = "{}";
        public long DispatchAttempts { get; init; }
        public long? LastDispatchAttemptAt { get; init; }
        public long? EscalatedAt { get; init; }
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }
        public long? ClosedAt { get; init; }
    }
}
