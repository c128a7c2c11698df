using System.Text.RegularExpressions;

namespace Gastown.Infrastructure.Container.Demo;

/// <summary>
/// The town's mayor without an LLM, through the mayor's tools over MCP like a real agent. It acts on lines of the
/// form <c>sling &lt;rig&gt;: &lt;title&gt;</c> by slinging the bead into that rig of its town (gt_sling), on lines
/// <c>plan &lt;rig&gt;: &lt;task&gt;; &lt;task&gt; after 1; …</c> by planning one convoy of the tasks, each after
/// the ones it names (<see cref="DemoPlan"/>, gt_sling_batch), and answers
/// each message with one stored reply (gt_reply, naming the message, which marks it handled). It starts with the
/// messages of its prompt (<c>[&lt;bead id&gt;] &lt;message&gt;</c>, as every mayor gets them), then keeps its session:
/// each further message arrives on stdin as one JSON line <c>{"beadId", "message"}</c>. It ends when stdin closes.
/// </summary>
internal sealed partial class DemoMayor(DemoAgentSettings settings, TextReader input, TextWriter output, TextWriter error)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HashSet<string> _handled = new(StringComparer.OrdinalIgnoreCase);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (settings.ApiUrl.Length == 0 || settings.SessionToken.Length == 0 || settings.AgentId.Length == 0)
            return await FailAsync("GASTOWN_API_URL, GASTOWN_SESSION_TOKEN and GASTOWN_AGENT_ID must be set");

        try
        {
            await SayAsync("demo mayor here; reading my messages");
            await using var tools = await AgentTools.ConnectAsync(settings, ct);
            foreach (var (beadId, message) in PromptMessages(settings.Prompt))
                await HandleAsync(tools, beadId, message, ct);

            // The session persists: further messages come one JSON line at a time until the container closes stdin.
            while (await input.ReadLineAsync(ct) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                var forwarded = JsonSerializer.Deserialize<ForwardedMessage>(line, Json);
                if (forwarded?.BeadId is { } beadId) await HandleAsync(tools, beadId, forwarded.Message ?? "", ct);
            }
            await SayAsync("my input closed; goodbye");
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or ModelContextProtocol.McpException or ToolFailedException or JsonException
                                       or IOException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return await FailAsync(e.Message);
        }
    }

    /// <summary>The messages of the mayor's prompt: each starts on a line <c>[&lt;bead id&gt;] text</c> and runs to the next.</summary>
    internal static IReadOnlyList<(string BeadId, string Message)> PromptMessages(string prompt)
    {
        var markers = PromptMessage().Matches(prompt);
        return [.. markers.Select((marker, index) =>
        {
            var end = index + 1 < markers.Count ? markers[index + 1].Index : prompt.Length;
            var start = marker.Index + marker.Length;
            return (marker.Groups["id"].Value, prompt[start..end].Trim());
        })];
    }

    private async Task HandleAsync(AgentTools tools, string beadId, string message, CancellationToken ct)
    {
        if (!_handled.Add(beadId)) return;
        await SayAsync($"message {beadId}: {message.Split('\n', 2)[0]}");

        var answers = new List<string>();
        var lines = message.Split('\n');
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1];
            if (SlingLine().Match(line) is { Success: true } sling)
                answers.Add(await SlingAsync(tools, sling.Groups["rig"].Value.Trim(), sling.Groups["title"].Value.Trim(), ct));
            else if (DemoPlan.IsPlan(line))
                answers.Add(await PlanAsync(tools, beadId, number, line, ct));
        }
        // The hint fits one terminal line (the CLI's chat shows it whole); 'plan' lines are in the README.
        if (answers.Count == 0) answers.Add("I hear you. (Say 'sling <rig>: <title>' and I will hand it to a polecat.)");

        var reply = string.Join("\n", answers);
        await SayAsync($"mayor: {reply}");
        try
        {
            await tools.CallAsync("gt_reply", new { message = reply, inReplyTo = beadId }, ct);
        }
        catch (ToolFailedException refused)
        {
            await SayAsync($"could not reply to message {beadId}: {refused.Message}");
        }
    }

    private static async Task<string> SlingAsync(AgentTools tools, string rig, string title, CancellationToken ct)
    {
        try
        {
            var slung = await tools.CallAsync<SlingAnswer>("gt_sling", new { rig, title }, ct);
            return $"slung '{title}' into {rig} as bead {slung?.Bead?.Id}{(slung?.Queued == true ? " (queued)" : "")}";
        }
        catch (ToolFailedException refused)
        {
            return $"slinging '{title}' into {rig} failed: {refused.Message}";
        }
    }

    /// <summary>
    /// A plan line becomes one convoy (gt_sling_batch): its tasks in the plan's rig, each after the tasks it names. The
    /// request id is the message's bead id and the line's number, so a retried message plans nothing twice.
    /// </summary>
    private static async Task<string> PlanAsync(AgentTools tools, string beadId, int lineNumber, string line, CancellationToken ct)
    {
        var (plan, problem) = DemoPlan.Parse(line);
        if (plan is null) return $"I could not read that plan: {problem}.";
        try
        {
            var tasks = plan.Tasks.Select(task => new { rig = plan.Rig, title = task.Title, dependsOn = task.After }).ToArray();
            var convoy = await tools.CallAsync<ConvoyAnswer>("gt_sling_batch",
                new { title = plan.Title, tasks, requestId = $"{beadId}/line-{lineNumber}" }, ct);
            var steps = plan.Tasks.Select((task, index) =>
                $"{index + 1}. {task.Title}{(task.After.Count == 0 ? "" : $" (after {string.Join(", ", task.After.Select(after => after + 1))})")}");
            return $"planned convoy {convoy?.Id} ({convoy?.Status}) with {plan.Tasks.Count} tasks in {plan.Rig}:\n{string.Join("\n", steps)}";
        }
        catch (ToolFailedException refused)
        {
            return $"planning into {plan.Rig} failed: {refused.Message}";
        }
    }

    private async Task SayAsync(string line) => await output.WriteLineAsync(line);

    private async Task<int> FailAsync(string reason)
    {
        await error.WriteLineAsync($"demo mayor failed: {reason}");
        return 1;
    }

    [GeneratedRegex(@"^\s*sling\s+(?<rig>[^:]+):\s*(?<title>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex SlingLine();

    [GeneratedRegex(@"^\[(?<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\] ?", RegexOptions.Multiline)]
    private static partial Regex PromptMessage();

    private sealed record ForwardedMessage(string? BeadId, string? Message);

    private sealed record SlingAnswer(PrimedBead? Bead, bool Queued);

    private sealed record ConvoyAnswer(string? Id, string? Status);
}
