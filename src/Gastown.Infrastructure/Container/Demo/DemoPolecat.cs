using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gastown.Domain.Git;
using Gastown.Infrastructure.Git;

namespace Gastown.Infrastructure.Container.Demo;

/// <summary>
/// Does a bead's work without an LLM: reads the hooked bead (prime), writes a file for it, commits, pushes the
/// agent's branch and calls done. Every step is one line on stdout.
/// </summary>
internal sealed class DemoPolecat(DemoAgentSettings settings, TextWriter output, TextWriter error)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (Missing() is { } missing) return await FailAsync($"{missing} is not set");
        if (!GitBranchName.IsValid(settings.Branch)) return await FailAsync($"'{settings.Branch}' is not a valid branch name");

        await SayAsync($"demo polecat {settings.AgentName} here, working on branch {settings.Branch}");
        using var http = new HttpClient { BaseAddress = new Uri(settings.ApiUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.SessionToken);
        var agentPath = $"api/agent/{Uri.EscapeDataString(settings.AgentId)}";

        try
        {
            await SayAsync("asking the agent API what is on my hook");
            using var primeResponse = await http.GetAsync($"{agentPath}/prime", ct);
            if (!primeResponse.IsSuccessStatusCode) return await FailAsync($"prime answered {await DescribeAsync(primeResponse, ct)}");
            var prime = await primeResponse.Content.ReadFromJsonAsync<PrimeResponse>(Json, ct);
            if (prime?.HookedBead is not { } bead)
            {
                await SayAsync("nothing is hooked to me; nothing to do");
                return 0;
            }
            await SayAsync($"hooked bead {bead.Id}: {bead.Title}");

            var file = BeadFile.For(bead, settings.WorkingDirectory);
            if (file.Warning is not null) await SayAsync(file.Warning);
            await SayAsync($"writing {file.RelativePath}");
            var fullPath = Path.Combine(settings.WorkingDirectory, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
            await File.WriteAllTextAsync(fullPath, file.Content, ct);

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
            if (!await GitAsync(ct, "push", "origin", $"HEAD:refs/heads/{settings.Branch}")) return 1;

            await SayAsync("telling the agent API I am done");
            var summary = $"Wrote {file.RelativePath} for bead {bead.Id}.";
            using var doneResponse = await http.PostAsJsonAsync($"{agentPath}/done", new { branch = settings.Branch, summary }, Json, ct);
            if (!doneResponse.IsSuccessStatusCode) return await FailAsync($"done answered {await DescribeAsync(doneResponse, ct)}");

            await SayAsync("done");
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or IOException or UnauthorizedAccessException
                                       or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return await FailAsync(e.Message);
        }
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

    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        if (body.Length > 300) body = body[..300] + "…";
        return $"{(int)response.StatusCode} {response.ReasonPhrase}: {body}".Trim();
    }

    private async Task SayAsync(string line) => await output.WriteLineAsync(line);

    private async Task<int> FailAsync(string reason)
    {
        await error.WriteLineAsync($"demo polecat failed: {reason}");
        return 1;
    }
}
