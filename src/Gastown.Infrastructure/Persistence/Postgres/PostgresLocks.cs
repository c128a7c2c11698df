namespace Gastown.Infrastructure.Persistence.Postgres;

/// <summary>
/// Keys of the advisory locks Gastown takes in PostgreSQL, in one place so no two uses collide. Advisory keys are one
/// bigint space per database; each use gets its own fixed key here.
/// </summary>
public static class PostgresLocks
{
    /// <summary>Held (transaction-scoped) while the schema is migrated: nodes starting together migrate once.</summary>
    public const long Migrations = 0x6761_7374_6f77_6e01; // "gastown" + 01
}
