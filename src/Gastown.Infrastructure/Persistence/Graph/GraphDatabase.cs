using System.Data.Common;
using Dapper;
using Gastown.Infrastructure.Persistence.Ledger;
using Gastown.Infrastructure.Persistence.Postgres;
using Microsoft.Data.Sqlite;

namespace Gastown.Infrastructure.Persistence.Graph;

/// <summary>
/// Where the town-wide tables (the dependency graph, convoys, idempotency keys) live: the directory database, SQLite's
/// file or PostgreSQL's shared database. What differs is only how a connection opens and how a writer of a town locks.
/// </summary>
internal abstract class GraphDatabase
{
    public abstract SqlDialect Dialect { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>A write transaction that holds the town's lock until it ends.</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, Guid townId, CancellationToken ct);

    public static string Id(Guid id) => DbValues.Id(id);
}

/// <summary>The directory file: a write transaction takes SQLite's one write lock up front (<c>BEGIN IMMEDIATE</c>).</summary>
internal sealed class SqliteGraphDatabase(DirectoryDatabase directory) : GraphDatabase
{
    public override SqlDialect Dialect => SqlDialect.Sqlite;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await directory.OpenAsync(ct);

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, Guid townId, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
}

/// <summary>The shared database: a write transaction takes an advisory lock on the town, released at its end.</summary>
internal sealed class PostgresGraphDatabase(PostgresDatabase database) : GraphDatabase
{
    public override SqlDialect Dialect => SqlDialect.Postgres;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await database.OpenAsync(ct);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, Guid townId, CancellationToken ct)
    {
        var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtext('town:' || @town))", new { town = Id(townId) }, transaction, cancellationToken: ct));
        return transaction;
    }
}
