using System.Security.Cryptography;
using Gastown.Infrastructure.Persistence;

namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// The node's id: Gastown:Cluster:NodeId when set, else the one kept in the data directory's <c>node-id</c> file,
/// made on first start. Nodes never share a data directory, so the file makes each node's id stable across restarts.
/// </summary>
internal static class NodeIdentity
{
    public const string FileName = "node-id";

    public static string Resolve(string? configured, DataDirectory data)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var id = configured.Trim();
            if (!IsValid(id)) throw new InvalidOperationException("Gastown:Cluster:NodeId must be 1-64 letters, digits, '-', '_' or '.'.");
            return id;
        }

        var path = Path.Combine(data.Root, FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } kept && IsValid(kept)) return kept;

        Directory.CreateDirectory(data.Root);
        var made = $"node-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        // Written to a temporary file and moved, so a crash never leaves a half-written id.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, made);
        File.Move(temporary, path, overwrite: true);
        return made;
    }

    public static bool IsValid(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
