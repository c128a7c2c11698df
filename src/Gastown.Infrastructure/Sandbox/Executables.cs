using System.ComponentModel;

namespace Gastown.Infrastructure.Sandbox;

/// <summary>Finds a program as <c>execvp</c> would (a path as it is, a bare name on PATH).</summary>
internal static class Executables
{
    private const int NoSuchFile = 2; // ENOENT, as Process.Start reports it

    /// <summary>The program's full path; a <see cref="Win32Exception"/> (as from Process.Start) when there is none.</summary>
    public static string Resolve(string fileName)
    {
        if (fileName.Contains('/'))
            return File.Exists(fileName) ? Path.GetFullPath(fileName) : throw new Win32Exception(NoSuchFile, $"{fileName}: no such file");
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, fileName);
            if (File.Exists(candidate)) return candidate;
        }
        throw new Win32Exception(NoSuchFile, $"{fileName}: not found on PATH");
    }
}
