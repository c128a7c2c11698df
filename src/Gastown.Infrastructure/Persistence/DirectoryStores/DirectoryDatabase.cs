using System.Data.Common;
using Gastown.Infrastructure.Persistence.Ledger;
using Gastown.Infrastructure.Persistence.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gastown.Infrastructure.Persistence;

/// <summary>
/// The directory database — users and tokens, towns, rigs, the agent registry, town configs, pending deletions, and
/// the town-wide tables (the dependency graph, convoys, idempotency keys) — as SQLite's file or PostgreSQL's shared
/// database. Its stores are written once over this; what differs is only how a connection opens, how a writer of a
/// town locks, how a unique violation reads, and whether rows may be cached.
/// </summary>
internal abstract class DirectoryDatabase
{
    public abstract SqlDialect Dialect { get; }

    /// <summary>
    /// Whether this process is the only writer, so rows read on every request (towns, rigs, configs) may be kept in
    /// memory and dropped on each change. Not with a shared database: another node may change them at any time.
    /// </summary>
    public abstract bool CachesRows { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>A write transaction that holds the town's lock until it ends.</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, Guid townId, CancellationToken ct);

    /// <summary>A UNIQUE constraint refused the write (a name already taken).</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    public static string Id(Guid id) => DbValues.Id(id);
}

/// <summary>The directory file: a write transaction takes SQLite's one write lock up front (<c>BEGIN IMMEDIATE</c>).</summary>
internal sealed class SqliteDirectoryDatabase(SqliteDirectoryFile file) : DirectoryDatabase
{
    private const int UniqueConstraintFailed = 2067; // SQLITE_CONSTRAINT_UNIQUE

    public override SqlDialect Dialect => SqlDialect.Sqlite;

    public override bool CachesRows => true;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await file.OpenAsync(ct);

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, Guid townId, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: UniqueConstraintFailed };
}

/// <summary>The shared database: a write transaction takes an advisory lock on the town, released at its end.</summary>
internal sealed class PostgresDirectoryDatabase(PostgresDatabase database) : DirectoryDatabase
{
    public override SqlDialect Dialect => SqlDialect.Postgres;

    public override bool CachesRows => false;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await database.OpenAsync(ct);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, Guid townId, CancellationToken ct)
    {
        var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtext('town:' || @town))", new { town = Id(townId) }, transaction, cancellationToken: ct));
        return transaction;
    }

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
