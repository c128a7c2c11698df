using System.Security.Cryptography;

namespace Gastown.Infrastructure.Cluster;

/// <summary>The cluster secret as the internal API checks it: in a header, compared in constant time.</summary>
public static class ClusterSecret
{
    public const string Header = "X-Gastown-Cluster-Secret";

    /// <summary>
    /// Whether <paramref name="presented"/> is the configured secret. No secret configured: nothing matches. Both sides
    /// are hashed first, so the comparison takes the same time whatever the lengths.
    /// </summary>
    public static bool Matches(string? configured, string? presented)
    {
        if (string.IsNullOrEmpty(configured) || string.IsNullOrEmpty(presented)) return false;
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
    }
}
