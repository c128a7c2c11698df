namespace Gastown.Infrastructure.Persistence.Postgres;

/// <summary>One numbered PostgreSQL script of one area (Directory, Ledger, Cluster, …).</summary>
public sealed record MigrationScript(string Area, int Version, string Name, string Sql);
