namespace Gastown.Infrastructure.Container;

internal static class WorkspaceDirectory
{
    /// <summary>Deletes a directory tree, also when git left read-only files in it (Windows refuses those otherwise).</summary>
    public static void Delete(string path)
    {
        if (!Directory.Exists(path)) return;
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
                File.SetAttributes(file, FileAttributes.Normal);
            Directory.Delete(path, recursive: true);
        }
    }
}
