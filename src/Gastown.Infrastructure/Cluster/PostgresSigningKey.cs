using System.Security.Cryptography;
using Npgsql;

namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// The agent-token signing key shared by the nodes (cluster_secrets): the first node to need it makes it, every
/// other node reads that one, so a token minted on one node is valid on all.
/// </summary>
internal static class PostgresSigningKey
{
    public const string Name = "agent-token-signing-key";

    public static byte[] LoadOrCreate(NpgsqlDataSource database)
    {
        using var connection = database.OpenConnection();
        connection.Execute("INSERT INTO cluster_secrets (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING",
            new { name = Name, value = RandomNumberGenerator.GetBytes(32) });
        return connection.QuerySingle<byte[]>("SELECT value FROM cluster_secrets WHERE name = @name", new { name = Name });
    }
}
