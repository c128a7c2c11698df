using Microsoft.Data.Sqlite;

namespace Gastown.Infrastructure.Persistence;

/// <summary>The directory SQLite file (users, tokens, towns, rigs, agent registry).</summary>
internal sealed class SqliteDirectoryFile(DataDirectory data)
{
    public Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(data.Root);
        return SqliteFiles.OpenAsync(data.DirectoryDatabase, "Directory", create: true, ct);
    }
}
