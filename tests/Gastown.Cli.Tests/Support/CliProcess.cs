using System.Diagnostics;
using Gastown.Infrastructure.Container;

namespace Gastown.Cli.Tests.Support;

/// <summary>`gastown` as its own process (`dotnet gastown.dll`), as a shell runs it: the real console, the real exit code.</summary>
public static class CliProcess
{
    public static string ProgramPath => Path.Combine(AppContext.BaseDirectory, "gastown.dll");

    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, string input, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProgramPath);
        foreach (var argument in args) start.ArgumentList.Add(argument);
        foreach (var name in new[] { "GASTOWN_URL", "GASTOWN_TOKEN", "GASTOWN_TOWN", "XDG_CONFIG_HOME" }) start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(Eventually.DefaultProcessTimeout);
        return new CliRun(process.ExitCode, await output, await error);
    }
}
