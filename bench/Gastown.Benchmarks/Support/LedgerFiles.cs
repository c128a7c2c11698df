using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Gastown.Benchmarks.Support;

/// <summary>
/// Direct access to a store's SQLite file, for seeding and for the bare baselines. The connection string is the one
/// the server builds (SqliteFiles.ConnectionString: pooled, 30 s busy timeout), so a bare write shares the server's
/// pool exactly as a hand-written store would. Columns follow Migrations/Ledger/0001_initial.sql.
/// </summary>
public static class LedgerFiles
{
    /// <summary>The ready-to-page bead listing of BeadStore.ListAsync (copied verbatim, for baselines and plans).</summary>
    public const string BeadColumns =
        "id AS Id, type AS Type, status AS Status, title AS Title, body AS Body, priority AS Priority, " +
        "assignee_agent_id AS AssigneeAgentId, labels AS Labels, metadata AS Metadata, dispatch_attempts AS DispatchAttempts, " +
        "last_dispatch_attempt_at AS LastDispatchAttemptAt, escalated_at AS EscalatedAt, created_at AS CreatedAt, " +
        "updated_at AS UpdatedAt, closed_at AS ClosedAt";

    /// <summary>BeadStore.ListQueuedAsync on SQLite, verbatim: run by every tick's schedule phase (LIMIT 50).</summary>
    public const string QueuedBeadsSql = $"""
        SELECT {BeadColumns} FROM beads INDEXED BY beads_queued_by_priority
        WHERE {QueuedCondition}
        ORDER BY CASE priority WHEN 'critical' THEN 3 WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END DESC, created_at, id
        LIMIT @limit
        """;

    /// <summary>BeadStore.HasQueuedAsync on SQLite, verbatim: run by every sling.</summary>
    public const string HasQueuedBeadsSql = $"""
        SELECT EXISTS (SELECT 1 FROM beads INDEXED BY beads_queued WHERE {QueuedCondition})
        """;

    /// <summary>BeadStore.Queued, verbatim: the condition of the partial indexes the two statements above name.</summary>
    private const string QueuedCondition =
        "status = 'open' AND type = 'issue' AND assignee_agent_id IS NULL AND escalated_at IS NULL AND hold = 0 AND open_blockers = 0";

    public static string Path(string dataDir, Guid storeId) => System.IO.Path.Combine(dataDir, "ledgers", $"{storeId:N}.db");

    public static string ConnectionString(string path, bool pooling = true) =>
        new SqliteConnectionStringBuilder { DataSource = path, Pooling = pooling, DefaultTimeout = 30 }.ToString();

    public static long Micros(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static string MicrosText(DateTimeOffset at) => Micros(at).ToString(CultureInfo.InvariantCulture);

    public static SqliteConnection Open(string path, bool pooling = true)
    {
        var connection = new SqliteConnection(ConnectionString(path, pooling));
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Inserts <paramref name="count"/> beads in one transaction, newest last, one microsecond step apart (so
    /// created_at ties never happen and the order is the insertion order). <paramref name="shape"/> gives each row's
    /// status and assignee.
    /// </summary>
    public static void InsertBeads(string path, int count, long firstCreatedAt, long stepMicros, Func<int, (string Status, string? Assignee)> shape, string title = "seeded bead")
    {
        using var connection = Open(path, pooling: false);
        connection.Execute("PRAGMA synchronous = NORMAL;");
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO beads (id, type, status, title, body, priority, assignee_agent_id, labels, metadata,
                               dispatch_attempts, last_dispatch_attempt_at, escalated_at, created_at, updated_at, closed_at)
            VALUES ($id, 'issue', $status, $title, NULL, $priority, $assignee, '[]', '{"model":"kilo/auto"}', 0, NULL, NULL, $at, $at, $closed)
            """;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var status = command.Parameters.Add("$status", SqliteType.Text);
        var titleParameter = command.Parameters.Add("$title", SqliteType.Text);
        var priority = command.Parameters.Add("$priority", SqliteType.Text);
        var assignee = command.Parameters.Add("$assignee", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        var closed = command.Parameters.Add("$closed", SqliteType.Integer);
        string[] priorities = ["low", "medium", "medium", "high"];
        command.Prepare();
        for (var i = 0; i < count; i++)
        {
            var (rowStatus, rowAssignee) = shape(i);
            var createdAt = firstCreatedAt + i * stepMicros;
            id.Value = Guid.NewGuid().ToString();
            status.Value = rowStatus;
            titleParameter.Value = $"{title} {i}";
            priority.Value = priorities[i % priorities.Length];
            assignee.Value = (object?)rowAssignee ?? DBNull.Value;
            at.Value = createdAt;
            closed.Value = rowStatus is "closed" or "cancelled" ? createdAt : DBNull.Value;
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>EXPLAIN QUERY PLAN of a statement, one line.</summary>
    public static string Plan(string path, string sql, object? parameters = null)
    {
        using var connection = Open(path, pooling: false);
        var rows = connection.Query<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters);
        return string.Join(" / ", rows.Select(row => row.Detail));
    }
}
