using Gastown.Application;

namespace Gastown.Infrastructure.Persistence;

/// <summary>Where Gastown keeps its files: the directory database, one ledger file per store, the workspaces.</summary>
public sealed class DataDirectory(IOptions<GastownOptions> options)
{
    public string Root { get; } = Path.GetFullPath(string.IsNullOrWhiteSpace(options.Value.DataDir) ? DefaultRoot() : options.Value.DataDir);

    public string DirectoryDatabase => Path.Combine(Root, "directory.db");

    public string LedgersFolder => Path.Combine(Root, "ledgers");

    public string Ledger(Guid storeId) => Path.Combine(LedgersFolder, $"{storeId:N}.db");

    public string Workspaces => Path.Combine(Root, "workspaces");

    /// <summary>Outside the repository, per user: ~/.local/share/gastown on Linux.</summary>
    public static string DefaultRoot() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "gastown");
}
