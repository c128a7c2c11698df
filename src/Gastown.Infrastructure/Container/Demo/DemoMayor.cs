using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gastown.Infrastructure.Container.Demo;

/// <summary>
/// The town's mayor without an LLM. It answers each message in its output and acts on lines of the form
/// <c>sling &lt;rig&gt;: &lt;title&gt;</c> by slinging the bead into that rig of its town. It starts with the messages
/// prime lists, then keeps its session: each further message arrives on stdin as one JSON line
/// <c>{"beadId", "message"}</c>. It closes every message bead it has handled, and ends when stdin closes.
/// </summary>
internal sealed partial class DemoMayor(DemoAgentSettings settings, TextReader input, TextWriter output, TextWriter error)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HashSet<string> _handled = new(StringComparer.OrdinalIgnoreCase);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (settings.ApiUrl.Length == 0 || settings.SessionToken.Length == 0 || settings.AgentId.Length == 0)
            return await FailAsync("GASTOWN_API_URL, GASTOWN_SESSION_TOKEN and GASTOWN_AGENT_ID must be set");

        using var http = new HttpClient { BaseAddress = new Uri(settings.ApiUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.SessionToken);
        var agentPath = $"api/agent/{Uri.EscapeDataString(settings.AgentId)}";
        try
        {
            await SayAsync("demo mayor here; reading my messages");
            using (var primeResponse = await http.GetAsync($"{agentPath}/prime", ct))
            {
                if (!primeResponse.IsSuccessStatusCode) return await FailAsync($"prime answered {(int)primeResponse.StatusCode}");
                var prime = await primeResponse.Content.ReadFromJsonAsync<PrimeResponse>(Json, ct);
                foreach (var bead in (prime?.OpenBeads ?? []).Where(b => b.Type == "message").Reverse())
                    await HandleAsync(http, agentPath, bead.Id, bead.Body ?? bead.Title, ct);
            }

            // The session persists: further messages come one JSON line at a time until the container closes stdin.
            while (await input.ReadLineAsync(ct) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                var forwarded = JsonSerializer.Deserialize<ForwardedMessage>(line, Json);
                if (forwarded?.BeadId is { } beadId) await HandleAsync(http, agentPath, beadId, forwarded.Message ?? "", ct);
            }
            await SayAsync("my input closed; goodbye");
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or IOException
                                       or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return await FailAsync(e.Message);
        }
    }

    private async Task HandleAsync(HttpClient http, string agentPath, string beadId, string message, CancellationToken ct)
    {
        if (!_handled.Add(beadId)) return;
        await SayAsync($"message {beadId}: {message.Split('\n', 2)[0]}");

        var slings = message.Split('\n').Select(line => SlingLine().Match(line)).Where(match => match.Success).ToList();
        if (slings.Count == 0) await SayAsync($"mayor: I hear you. (Say 'sling <rig>: <title>' and I will hand it to a polecat.)");
        foreach (var sling in slings)
            await SlingAsync(http, agentPath, sling.Groups["rig"].Value.Trim(), sling.Groups["title"].Value.Trim(), ct);

        using var closed = await http.PostAsync($"{agentPath}/beads/{Uri.EscapeDataString(beadId)}/close", null, ct);
        if (!closed.IsSuccessStatusCode) await SayAsync($"could not close message {beadId}: {(int)closed.StatusCode}");
    }

    private async Task SlingAsync(HttpClient http, string agentPath, string rigName, string title, CancellationToken ct)
    {
        var rigs = await http.GetFromJsonAsync<List<TownRig>>($"{agentPath}/town/rigs", Json, ct) ?? [];
        var rig = rigs.FirstOrDefault(r => string.Equals(r.Name, rigName, StringComparison.OrdinalIgnoreCase));
        if (rig is null)
        {
            await SayAsync($"mayor: there is no rig named '{rigName}' in this town");
            return;
        }
        using var response = await http.PostAsJsonAsync($"{agentPath}/town/rigs/{rig.Id}/sling", new { title }, Json, ct);
        if (!response.IsSuccessStatusCode)
        {
            await SayAsync($"mayor: slinging '{title}' into {rig.Name} failed: {(int)response.StatusCode}");
            return;
        }
        var slung = await response.Content.ReadFromJsonAsync<SlingAnswer>(Json, ct);
        await SayAsync($"mayor: slung '{title}' into {rig.Name} as bead {slung?.Bead?.Id}{(slung?.Queued == true ? " (queued)" : "")}");
    }

    private async Task SayAsync(string line) => await output.WriteLineAsync(line);

    private async Task<int> FailAsync(string reason)
    {
        await error.WriteLineAsync($"demo mayor failed: {reason}");
        return 1;
    }

    [GeneratedRegex(@"^\s*sling\s+(?<rig>[^:]+):\s*(?<title>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex SlingLine();

    private sealed record ForwardedMessage(string? BeadId, string? Message);

    private sealed record TownRig(string Id, string Name);

    private sealed record SlingAnswer(PrimedBead? Bead, bool Queued);
}
