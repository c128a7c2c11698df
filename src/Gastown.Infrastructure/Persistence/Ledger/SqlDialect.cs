using System.Text.RegularExpressions;

namespace Gastown.Infrastructure.Persistence.Ledger;

/// <summary>
/// The ledger's SQL is written once, as SQLite runs it; what PostgreSQL needs differently is marked in it and
/// rewritten here (once per statement, then cached):
/// <list type="bullet">
/// <item>the store id, which only the shared database has: comments that start with it, <c>/*store_id,*/</c>,
/// <c>/*@store,*/</c>, <c>/*store_id = @store AND*/</c>, are SQL there (every index leads with the store id);</item>
/// <item>lists: <c>IN @ids</c> (Dapper expands it for SQLite) becomes <c>= ANY(@ids)</c> (one array parameter);</item>
/// <item>index hints: SQLite's <c>INDEXED BY name</c> goes.</item>
/// </list>
/// Casts and upserts are written in the form both accept (<c>CAST(x AS BIGINT)</c>, <c>ON CONFLICT … DO UPDATE</c>
/// with qualified columns).
/// </summary>
internal sealed partial class SqlDialect
{
    public static readonly SqlDialect Sqlite = new(storeColumn: false);
    public static readonly SqlDialect Postgres = new(storeColumn: true);

    private readonly ConcurrentDictionary<string, string> _rewritten = new();

    private SqlDialect(bool storeColumn) => HasStoreColumn = storeColumn;

    /// <summary>Whether rows carry their store's id (one database for every store), bound as <c>@store</c>.</summary>
    public bool HasStoreColumn { get; }

    public string Rewrite(string sql) => HasStoreColumn ? _rewritten.GetOrAdd(sql, ToPostgres) : sql;

    private static string ToPostgres(string sql)
    {
        sql = StoreComment().Replace(sql, match => match.Groups[1].Value + " ");
        sql = InList().Replace(sql, "= ANY(@$1)");
        return IndexHint().Replace(sql, "");
    }

    [GeneratedRegex(@"/\*((?:store_id|@store)\b[^*]*)\*/")]
    private static partial Regex StoreComment();

    [GeneratedRegex(@"\bIN @(\w+)")]
    private static partial Regex InList();

    [GeneratedRegex(@"INDEXED BY \w+\s*")]
    private static partial Regex IndexHint();
}
