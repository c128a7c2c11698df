using System.Collections;

namespace Gastown.Infrastructure.Container.Demo;

/// <summary>
/// The built-in agent of a default install (no LLM): run as <c>dotnet Gastown.Web.dll demo-agent</c> by the
/// container, with its session in the environment. Its stdout is what a user watches in the agent's stream.
/// </summary>
public static class DemoAgent
{
    public static Task<int> RunAsync(string[] args)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            environment[(string)entry.Key] = entry.Value as string ?? "";
        return RunAsync(environment, Environment.CurrentDirectory, Console.In, Console.Out, Console.Error, CancellationToken.None);
    }

    /// <summary>The same, with no input (a polecat reads none).</summary>
    internal static Task<int> RunAsync(
        IReadOnlyDictionary<string, string> environment, string workingDirectory, TextWriter output, TextWriter error, CancellationToken ct) =>
        RunAsync(environment, workingDirectory, TextReader.Null, output, error, ct);

    /// <summary>The same, with everything it reads passed in, so tests can run it in-process.</summary>
    internal static async Task<int> RunAsync(
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        TextReader input,
        TextWriter output,
        TextWriter error,
        CancellationToken ct)
    {
        var settings = DemoAgentSettings.From(environment, workingDirectory);
        switch (settings.Role)
        {
            case "polecat":
                return await new DemoPolecat(settings, output, error, input).RunAsync(ct);
            case "mayor":
                return await new DemoMayor(settings, input, output, error).RunAsync(ct);
            case "":
                await error.WriteLineAsync("GASTOWN_ROLE is not set; the demo agent is meant to be started by the Gastown container");
                return 2;
            default:
                await output.WriteLineAsync($"the demo agent has nothing to do as a {settings.Role}");
                return 0;
        }
    }
}
