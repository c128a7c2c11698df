using System.ComponentModel;
using System.Diagnostics;
using Gastown.Infrastructure.Agents;
using Gastown.Infrastructure.Sandbox;

namespace Gastown.Web.Cli;

/// <summary>
/// <c>agents install [name…]</c>: the pinned CLIs of tools/agents (npm install from the lockfile; with names, just those packages at their
/// pinned versions). <c>agents list</c>: each preset, whether its CLI is installed, its version, the endpoint and the model (configured, else the CLI's default) it would use.
/// </summary>
public static class AgentCommands
{
    public const string Usage = "agents install [claude|codex|opencode|kilo|gemini …] | agents list";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var tools = services.GetRequiredService<AgentTools>();
        var presets = services.GetRequiredService<AgentPresets>();
        switch (args)
        {
            case ["agents", "install", .. var names]:
                return await InstallAsync(tools, names, output);
            case ["agents", "list"]:
                List(tools, presets, output);
                output.WriteLine(SandboxLine(services));
                return 0;
            default:
                await output.WriteLineAsync($"usage: {Usage}");
                return 2;
        }
    }

    private static async Task<int> InstallAsync(AgentTools tools, string[] names, TextWriter output)
    {
        var unknown = names.Where(name => AgentClis.Find(name) is null).ToList();
        if (unknown.Count > 0)
        {
            await output.WriteLineAsync($"error: unknown agent(s) {string.Join(", ", unknown)}; one of {string.Join(", ", AgentClis.All.Select(cli => cli.Preset))}");
            return 2;
        }
        var directory = tools.InstallDirectory;
        if (!File.Exists(Path.Combine(directory, "package.json")))
        {
            await output.WriteLineAsync($"error: no package.json in {directory} (set Gastown:Agents:ToolsDirectory to the tools/agents folder)");
            return 1;
        }

        // Argument lists only; the package names come from the pinned table, never from the command line as typed.
        var start = new ProcessStartInfo("npm") { WorkingDirectory = directory, UseShellExecute = false };
        if (names.Length == 0)
        {
            foreach (var argument in new[] { "install", "--no-audit", "--no-fund" }) start.ArgumentList.Add(argument);
        }
        else
        {
            foreach (var argument in new[] { "install", "--no-save", "--no-audit", "--no-fund" }) start.ArgumentList.Add(argument);
            foreach (var cli in names.Select(name => AgentClis.Find(name)!).Distinct()) start.ArgumentList.Add($"{cli.Package}@{cli.Version}");
        }
        await output.WriteLineAsync($"Installing into {directory}: npm {string.Join(' ', start.ArgumentList)}");
        try
        {
            using var npm = Process.Start(start)!;
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                await output.WriteLineAsync($"error: npm exited with code {npm.ExitCode}");
                return 1;
            }
        }
        catch (Win32Exception e)
        {
            await output.WriteLineAsync($"error: could not run npm ({e.Message}); install Node.js 20+ with npm");
            return 1;
        }
        foreach (var cli in names.Length == 0 ? AgentClis.All : names.Select(name => AgentClis.Find(name)!))
            await output.WriteLineAsync($"{cli.Preset}\t{tools.InstalledVersion(cli) ?? "not installed"}");
        return 0;
    }

    /// <summary>The sandbox agents run in; a server that would refuse to start says why.</summary>
    private static string SandboxLine(IServiceProvider services)
    {
        try
        {
            var sandbox = services.GetRequiredService<ISandbox>();
            return sandbox.Problem is { } problem
                ? $"sandbox: {Sandboxes.Name(sandbox.Mode)} (cannot start: {problem})"
                : $"sandbox: {Sandboxes.Name(sandbox.Mode)}";
        }
        catch (InvalidOperationException e)
        {
            return $"sandbox: refused ({e.Message})";
        }
    }

    private static void List(AgentTools tools, AgentPresets presets, TextWriter output)
    {
        output.WriteLine($"tools folder: {tools.Directory ?? "(none found; PATH only)"}");
        output.WriteLine($"polecat preset: {presets.PresetName("polecat")}, mayor preset: {presets.PresetName("mayor")}");
        output.WriteLine("preset\tinstalled\tversion (pinned)\tendpoint\tmodel (polecat / mayor)");
        output.WriteLine("demo\tyes\t(built in)\tnone\t-");
        output.WriteLine("command\t-\t-\tGastown:Agents:<Role>:Command\t-");
        foreach (var cli in AgentClis.All)
        {
            var path = tools.Resolve(cli.Binary);
            var endpoint = presets.EndpointFor(cli.Provider) is { } configured
                ? $"{configured.BaseUrl ?? "(provider default)"}{(configured.ApiKey is null ? "" : ", key set")}"
                : "(provider default, user's own key)";
            // Keys are never printed, only whether one is set.
            output.WriteLine($"{cli.Preset}\t{(path is null ? "no" : "yes")}\t{tools.InstalledVersion(cli) ?? (path is null ? "-" : "on PATH")} ({cli.Version})\t{endpoint}\t"
                             + $"{presets.ModelShown("polecat", cli)} / {presets.ModelShown("mayor", cli)}");
        }
    }
}
