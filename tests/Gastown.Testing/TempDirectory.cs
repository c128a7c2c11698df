namespace Gastown.Testing;

/// <summary>A fresh, uniquely named directory under the system temp folder, deleted (best effort) on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "gastown-tests") =>
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}")).FullName;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A sub-directory, created.</summary>
    public string Sub(string name) => Directory.CreateDirectory(Combine(name)).FullName;

    public void Dispose() => Delete(Path);

    /// <summary>Deletes a folder tree, read-only files (git objects) included; a leftover must not fail a test that passed.</summary>
    public static void Delete(string path)
    {
        try
        {
            if (!Directory.Exists(path)) return;
            foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
                entry.Attributes = FileAttributes.Normal;
            Directory.Delete(path, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A process that is still dying may hold a file; the OS temp cleanup gets it.
        }
    }
}
