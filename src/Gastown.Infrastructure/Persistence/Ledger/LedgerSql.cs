using System.Data;
using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Gastown.Infrastructure.Persistence.Ledger;

/// <summary>
/// The statements of one ledger session, on its connection and transaction, in its dialect. On a connection that can
/// batch (PostgreSQL) writes are not sent one by one: they wait, and go in one round trip with the next read, or with
/// the commit. A failing write then fails that read or the commit, in the same transaction, so nothing is committed
/// either way. On SQLite (in process, nothing to save) every statement runs at once, through Dapper.
/// </summary>
internal sealed partial class LedgerSql(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string storeId)
{
    private DbBatch? _pending;
    private int _guards;
    private bool _commitWithNextBatch;

    /// <summary>Whether the transaction was committed by the last statement of a batch (see <see cref="CommitAsync"/>).</summary>
    private bool _committed;

    /// <summary>A write: run now, or added to the pending batch.</summary>
    public async Task ExecuteAsync(string sql, object? args, CancellationToken ct)
    {
        if (!connection.CanCreateBatch && args is IReadOnlyDictionary<string, object?> values)
        {
            // Many parameters (a multi-row INSERT; no lists): bound by name straight onto the command, without Dapper.
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = dialect.Rewrite(sql);
            foreach (var (name, value) in values)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            await command.ExecuteNonQueryAsync(ct);
            return;
        }
        if (!connection.CanCreateBatch)
        {
            await connection.ExecuteAsync(new CommandDefinition(dialect.Rewrite(sql), args, transaction, cancellationToken: ct));
            return;
        }
        _pending ??= NewBatch();
        _pending.BatchCommands.Add(Command(_pending, sql, args));
    }

    /// <summary>A read, after the writes before it (in the same round trip when they are pending).</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args, CancellationToken ct)
    {
        if (!connection.CanCreateBatch)
            return (await connection.QueryAsync<T>(new CommandDefinition(dialect.Rewrite(sql), args, transaction, cancellationToken: ct))).AsList();

        await using var batch = TakePending();
        batch.BatchCommands.Add(Command(batch, sql, args));
        EndWithCommitWhenDue(batch);
        return await RunAsync<T>(batch, ct);
    }

    /// <summary>
    /// Two reads after the writes before them, in one round trip where the connection batches: the first a single
    /// value or row, the second any rows.
    /// </summary>
    public async Task<(T1 First, IReadOnlyList<T2> Second)> QueryTwoAsync<T1, T2>(string first, string second, object? args, CancellationToken ct)
    {
        if (!connection.CanCreateBatch) return (await SingleAsync<T1>(first, args, ct), await QueryAsync<T2>(second, args, ct));

        await using var batch = TakePending();
        batch.BatchCommands.Add(Command(batch, first, args));
        batch.BatchCommands.Add(Command(batch, second, args));
        EndWithCommitWhenDue(batch);
        var (firstRows, secondRows) = await RunAsync<T1, T2>(batch, ct);
        return (firstRows is [var only] ? only : throw new InvalidOperationException("Expected exactly one row."), secondRows);
    }

    /// <summary>
    /// A statement that must find a row before anything after it runs (a writer's lock on its store's row), sent with
    /// the session's first batch rather than on its own.
    /// </summary>
    public void Guard(string sql, object? args)
    {
        _pending ??= NewBatch();
        _pending.BatchCommands.Add(Command(_pending, sql, args));
        _guards++;
    }

    private async Task<List<T>> RunAsync<T>(DbBatch batch, CancellationToken ct) => (await RunAsync<T, object>(batch, ct)).First;

    /// <summary>
    /// Runs a batch: the guards' results first (each must have a row), then the writes (no result), then at most two
    /// reads, whose rows are returned.
    /// </summary>
    private async Task<(List<T1> First, List<T2> Second)> RunAsync<T1, T2>(DbBatch batch, CancellationToken ct)
    {
        var guards = _guards;
        _guards = 0;
        var (first, second) = (new List<T1>(), new List<T2>());
        var reads = 0;
        await using var reader = await batch.ExecuteReaderAsync(ct);
        do
        {
            if (reader.FieldCount == 0) continue;
            if (guards > 0)
            {
                guards--;
                if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The session's guard found no row: no such store.");
                continue;
            }
            if (reads++ == 0) await ReadAllAsync(reader, first, ct);
            else await ReadAllAsync(reader, second, ct);
        }
        while (await reader.NextResultAsync(ct));
        return (first, second);
    }

    private static async Task ReadAllAsync<T>(DbDataReader reader, List<T> rows, CancellationToken ct)
    {
        var parse = Parser<T>(reader);
        while (await reader.ReadAsync(ct)) rows.Add(parse(reader));
    }

    /// <summary>Rows as Dapper maps them; a single value converted as Dapper's scalar reads do (COUNT's bigint to int).</summary>
    private static Func<DbDataReader, T> Parser<T>(DbDataReader reader)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (!IsValue(type))
        {
            var parse = reader.GetRowParser(typeof(T));
            return row => (T)parse(row);
        }
        return row => row.IsDBNull(0) ? default! : (T)Convert.ChangeType(row.GetValue(0), type, CultureInfo.InvariantCulture);
    }

    public async Task<T?> FirstOrDefaultAsync<T>(string sql, object? args, CancellationToken ct) =>
        connection.CanCreateBatch
            ? await QueryAsync<T>(sql, args, ct) is [var first, ..] ? first : default
            : await connection.QueryFirstOrDefaultAsync<T>(new CommandDefinition(dialect.Rewrite(sql), args, transaction, cancellationToken: ct));

    public async Task<T> SingleAsync<T>(string sql, object? args, CancellationToken ct) =>
        connection.CanCreateBatch
            ? await QueryAsync<T>(sql, args, ct) is [var only] ? only : throw new InvalidOperationException("Expected exactly one row.")
            : IsValue(typeof(T))
                ? (await connection.ExecuteScalarAsync<T>(new CommandDefinition(dialect.Rewrite(sql), args, transaction, cancellationToken: ct)))!
                : await connection.QuerySingleAsync<T>(new CommandDefinition(dialect.Rewrite(sql), args, transaction, cancellationToken: ct));

    private static bool IsValue(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var value && (value.IsPrimitive || value == typeof(string) || value == typeof(decimal));

    /// <summary>
    /// Commits the transaction, after <paramref name="last"/> (the statements that end it: the alarm's upsert). On a
    /// connection that batches, <c>COMMIT</c> is the last statement of the batch that carries them and the pending
    /// writes, not a round trip of its own; the batch stops at its first error (one Sync ends it), so a failing write
    /// skips the <c>COMMIT</c> and the transaction is rolled back. Not while a guard waits in the batch: its row is
    /// checked here, after the batch, so the commit then goes on its own.
    /// </summary>
    public async Task CommitAsync(Func<CancellationToken, Task> last, CancellationToken ct)
    {
        _commitWithNextBatch = connection.CanCreateBatch;
        await last(ct);
        if (_pending is not null)
        {
            await using var batch = TakePending();
            EndWithCommitWhenDue(batch);
            await RunAsync<object>(batch, ct);
        }
        _commitWithNextBatch = false;
        if (!_committed) await transaction.CommitAsync(ct);
    }

    private DbBatch NewBatch()
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        return batch;
    }

    private DbBatch TakePending()
    {
        var batch = _pending ?? NewBatch();
        _pending = null;
        return batch;
    }

    private void EndWithCommitWhenDue(DbBatch batch)
    {
        if (!_commitWithNextBatch || _guards > 0) return;
        var commit = batch.CreateBatchCommand();
        commit.CommandText = "COMMIT";
        batch.BatchCommands.Add(commit);
        (_commitWithNextBatch, _committed) = (false, true);
    }

    /// <summary>
    /// A batch command: the dialect's SQL, and as parameters the properties (or dictionary entries) of
    /// <paramref name="args"/> that it names, plus the store id.
    /// </summary>
    private DbBatchCommand Command(DbBatch batch, string sql, object? args)
    {
        var text = dialect.Rewrite(sql);
        var command = batch.CreateBatchCommand();
        command.CommandText = text;
        var names = ParameterNames.GetOrAdd(text, static text => new HashSet<string>(Parameter().Matches(text).Select(match => match.Groups[1].Value), StringComparer.OrdinalIgnoreCase));
        if (names.Contains("store")) Add(command, "store", storeId);
        switch (args)
        {
            case null:
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (name, value) in pairs)
                    if (names.Contains(name)) Add(command, name, value);
                break;
            default:
                foreach (var property in Properties.GetOrAdd(args.GetType(), static type => type.GetProperties()))
                    if (names.Contains(property.Name)) Add(command, property.Name, property.GetValue(args), property.PropertyType);
                break;
        }
        return command;
    }

    private static void Add(DbBatchCommand command, string name, object? value, Type? declared = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        // As Dapper does: a null keeps its declared type, so the server need not guess it.
        if (DbTypes.TryGetValue(Nullable.GetUnderlyingType(declared ?? value?.GetType() ?? typeof(object)) ?? declared ?? typeof(object), out var type))
            parameter.DbType = type;
        command.Parameters.Add(parameter);
    }

    private static readonly Dictionary<Type, DbType> DbTypes = new()
    {
        [typeof(string)] = DbType.String, [typeof(long)] = DbType.Int64, [typeof(int)] = DbType.Int32,
        [typeof(double)] = DbType.Double, [typeof(bool)] = DbType.Boolean,
    };

    private static readonly ConcurrentDictionary<string, HashSet<string>> ParameterNames = new();
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex Parameter();
}
