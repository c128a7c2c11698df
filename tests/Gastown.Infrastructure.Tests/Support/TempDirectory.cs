using Gastown.Infrastructure.Container;

namespace Gastown.Infrastructure.Tests.Support;

/// <summary>A fresh directory per test, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gastown-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            WorkspaceDirectory.Delete(Path);
        }
        catch (IOException)
        {
            // A process that is still dying may hold a file; the OS temp cleanup gets it.
        }
    }
}
