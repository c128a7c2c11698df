using Gastown.Domain.Git;
using Gastown.Infrastructure.Git;

namespace Gastown.Infrastructure.Container.Demo;

/// <summary>
/// Does a bead's work without an LLM, through the agent tools over MCP like a real agent: reads the hooked bead
/// (gt_prime), keeps its status line current (gt_status), writes a file for it, commits, pushes the agent's branch
/// and calls gt_done. Every step is one line on stdout. When a review asked for changes (gt_prime's reviewFeedback),
/// it answers on the same branch: it appends the round and the feedback to <c>REVIEW.md</c> and commits again.
/// </summary>
internal sealed class DemoPolecat(DemoAgentSettings settings, TextWriter output, TextWriter error, TextReader? input = null)
{
    public const string ReviewFile = "REVIEW.md";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (Missing() is { } missing) return await FailAsync($"{missing} is not set");
        if (!GitBranchName.IsValid(settings.Branch)) return await FailAsync($"'{settings.Branch}' is not a valid branch name");

        await SayAsync($"demo polecat {settings.AgentName} here, working on branch {settings.Branch}");
        try
        {
            await SayAsync("connecting to the agent tools (MCP)");
            await using var tools = await AgentTools.ConnectAsync(settings, ct);
            await SayAsync("asking gt_prime what is on my hook");
            var prime = await tools.CallAsync<PrimeResponse>("gt_prime", null, ct);
            if (prime?.HookedBead is not { } bead)
            {
                await SayAsync("nothing is hooked to me; nothing to do");
                return 0;
            }
            await SayAsync($"hooked bead {bead.Id}: {bead.Title}");
            if (BeadFile.NeedsNoWork(bead))
            {
                await SayAsync("the bead says no work is needed: telling gt_done there are no changes");
                await tools.CallAsync("gt_done", new { noChanges = true, summary = $"Bead {bead.Id} says no work is needed." }, ct);
                return 0;
            }
            if (BeadFile.SkipsWork(bead))
            {
                await SayAsync("claiming done without changing anything (the bead says 'work: skip')");
                await tools.CallAsync("gt_done", new { summary = "Did nothing." }, ct);
                return 0;
            }

            var file = BeadFile.For(bead, settings.WorkingDirectory);
            if (file.Warning is not null) await SayAsync(file.Warning);
            await SayAsync($"writing {file.RelativePath}");
            await tools.CallAsync("gt_status", new { message = $"writing {file.RelativePath}" }, ct);
            var fullPath = Path.Combine(settings.WorkingDirectory, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
            await File.WriteAllTextAsync(fullPath, file.Content + await NudgesAsync(tools, bead, ct), ct);
            if (prime.ReviewFeedback is { } feedback)
            {
                await SayAsync($"review round {prime.ReviewRounds} asked for changes; answering in {ReviewFile}");
                await File.AppendAllTextAsync(Path.Combine(settings.WorkingDirectory, ReviewFile),
                    $"## Review round {prime.ReviewRounds}\n\n{feedback}\n\n", ct);
            }

            if (!await GitAsync(ct, "add", "-A")) return 1;
            var status = await GitRunner.RunAsync(settings.WorkingDirectory, ["status", "--porcelain"], ct, settings.GitEnvironment);
            if (string.IsNullOrWhiteSpace(status.StandardOutput))
            {
                await SayAsync("nothing changed since my last commit");
            }
            else
            {
                var message = string.IsNullOrWhiteSpace(bead.Title) ? $"Bead {bead.Id}" : bead.Title;
                if (!await GitAsync(ct, "commit", "--quiet", "-m", message)) return 1;
            }
            if (BeadFile.SkipsPush(bead))
            {
                await SayAsync("not pushing (the bead says 'push: no'); the commit stays in my worktree");
            }
            else
            {
                await tools.CallAsync("gt_status", new { message = $"pushing {settings.Branch}" }, ct);
                if (!await GitAsync(ct, "push", "origin", $"HEAD:refs/heads/{settings.Branch}")) return 1;
            }

            await SayAsync("telling gt_done I am done");
            await tools.CallAsync("gt_done", new { summary = $"Wrote {file.RelativePath} for bead {bead.Id}." }, ct);

            await SayAsync("done");
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or ModelContextProtocol.McpException or ToolFailedException or JsonException
                                       or IOException or UnauthorizedAccessException
                                       or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return await FailAsync(e.Message);
        }
    }

    /// <summary>
    /// The nudges it got, written into its file so they can be seen: those its prompt starts with (sent while it was not
    /// running), and, when the bead says <c>wait: nudge</c>, the first one sent to its input while it runs.
    /// </summary>
    private async Task<string> NudgesAsync(AgentTools tools, PrimedBead bead, CancellationToken ct)
    {
        var nudges = settings.Prompt.Split('\n').Select(line => line.TrimEnd('\r'))
            .Where(line => line.StartsWith("Nudge from ", StringComparison.Ordinal)).ToList();
        if (BeadFile.WaitsForNudge(bead) && input is not null)
        {
            await SayAsync("waiting for a nudge on my input");
            await tools.CallAsync("gt_status", new { message = "waiting for a nudge" }, ct);
            if (await input.ReadLineAsync(ct) is { } line)
            {
                var text = JsonDocument.Parse(line).RootElement.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString() ?? "";
                await SayAsync($"got a nudge: {text}");
                nudges.Add(text);
            }
        }
        return nudges.Count == 0 ? "" : "\n" + string.Join("\n", nudges) + "\n";
    }

    private string? Missing()
    {
        if (settings.ApiUrl.Length == 0) return "GASTOWN_API_URL";
        if (settings.SessionToken.Length == 0) return "GASTOWN_SESSION_TOKEN";
        if (settings.AgentId.Length == 0) return "GASTOWN_AGENT_ID";
        if (settings.Branch.Length == 0) return "GASTOWN_BRANCH";
        return null;
    }

    private async Task<bool> GitAsync(CancellationToken ct, params string[] arguments)
    {
        await SayAsync($"git {string.Join(' ', arguments)}");
        var result = await GitRunner.RunAsync(settings.WorkingDirectory, arguments, ct, settings.GitEnvironment);
        if (result.Succeeded) return true;
        await FailAsync($"git {arguments[0]} failed: {result.Message}");
        return false;
    }

    private async Task SayAsync(string line) => await output.WriteLineAsync(line);

    private async Task<int> FailAsync(string reason)
    {
        await error.WriteLineAsync($"demo polecat failed: {reason}");
        return 1;
    }
}
