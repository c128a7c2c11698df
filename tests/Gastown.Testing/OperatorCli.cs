using System.Diagnostics;
using Gastown.Infrastructure.Container;

namespace Gastown.Testing;

/// <summary>The operator's command line (`Gastown.Web users add NAME`), run as its own process on a data directory.</summary>
public static class OperatorCli
{
    /// <summary>Creates a user and answers its token: the last line the command prints.</summary>
    public static async Task<string> AddUserAsync(string dataDirectory, string name, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var start = new ProcessStartInfo(DotnetHost.Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { GastownServer.ProgramPath, "users", "add", name }) start.ArgumentList.Add(argument);
        start.Environment["GASTOWN_DATA_DIR"] = dataDirectory;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        using var cli = Process.Start(start)!;
        var output = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();
        if (cli.ExitCode != 0) throw new InvalidOperationException($"users add {name} failed: {output}{await cli.StandardError.ReadToEndAsync()}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
    }
}
