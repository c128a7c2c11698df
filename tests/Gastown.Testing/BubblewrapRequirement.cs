using System.Diagnostics;
using Xunit;

namespace Gastown.Testing;

/// <summary>
/// The town sandbox's tests need a working bubblewrap (Debian's <c>bubblewrap</c>; .ci/run installs it): without it
/// they are skipped with the reason, except under <c>CI=true</c>, where they fail.
/// </summary>
public static class BubblewrapRequirement
{
    private static readonly Lazy<string?> Missing = new(FindProblem);

    /// <summary>Skips (or under CI=true fails) the calling test when bubblewrap cannot start a sandbox here.</summary>
    public static void Require()
    {
        if (Missing.Value is not { } reason) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"CI=true and the sandbox tests cannot run: {reason}");
        Assert.Skip(reason);
    }

    private static string? FindProblem()
    {
        if (!OperatingSystem.IsLinux()) return "the town sandbox (bubblewrap) is Linux only";
        try
        {
            var start = new ProcessStartInfo("bwrap") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { "--unshare-user", "--unshare-pid", "--ro-bind", "/", "/", "--proc", "/proc", "--", "/bin/true" })
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"bubblewrap cannot start a sandbox here: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "bubblewrap (bwrap) is not installed: `apt-get install bubblewrap` (.ci/run does)";
        }
    }
}
