using Gastown.Infrastructure.Agents.Streams;

namespace Gastown.Infrastructure.Agents.Presets;

/// <summary>
/// opencode and Kilo CLI (a fork of it): <c>run --format json</c>, the whole config in <c>OPENCODE_CONFIG_CONTENT</c>
/// / <c>KILO_CONFIG_CONTENT</c> (Kilo reads the MCP server from nowhere else): the MCP server with
/// <c>{env:GASTOWN_SESSION_TOKEN}</c> as bearer, every permission allowed, and for a custom endpoint an
/// OpenAI-compatible provider whose key is also read from the environment, so no secret is in any file.
/// </summary>
public sealed class OpenCodePreset(AgentTools tools, string preset) : CliPreset(tools)
{
    private const string KeyVariable = "GASTOWN_MODEL_API_KEY";
    private const string ProviderId = "gastown";

    /// <summary>The model name a custom endpoint is asked for when none is configured.</summary>
    public const string DefaultModelName = "default";

    protected override AgentCli Cli => AgentClis.Find(preset)!;

    private string Prefix => preset == "kilo" ? "KILO" : "OPENCODE";

    protected override IAgentStreamParser NewParser() => new OpenCodeStreamParser();

    protected override void Configure(AgentInvocation invocation, AgentRun run)
    {
        var config = new Dictionary<string, object?>
        {
            ["$schema"] = "https://opencode.ai/config.json",
            ["autoupdate"] = false,
            ["share"] = "disabled",
            ["permission"] = new Dictionary<string, string> { ["*"] = "allow" },
            ["mcp"] = new Dictionary<string, object>
            {
                [McpServerName] = new
                {
                    type = "remote",
                    url = run.McpUrl.ToString(),
                    enabled = true,
                    headers = new Dictionary<string, string> { ["Authorization"] = "Bearer {env:GASTOWN_SESSION_TOKEN}" },
                },
            },
        };
        string? model = run.Model;
        if (BaseUrl(run) is { } url)
        {
            // The bead's model becomes a model of a provider pointed at the endpoint.
            var name = model is { } m && m.Contains('/') ? m[(m.IndexOf('/') + 1)..] : model ?? DefaultModelName;
            model = $"{ProviderId}/{name}";
            config["enabled_providers"] = new[] { ProviderId };
            config["provider"] = new Dictionary<string, object>
            {
                [ProviderId] = new
                {
                    npm = "@ai-sdk/openai-compatible",
                    name = "Gastown endpoint",
                    options = new { baseURL = url + "/v1", apiKey = $"{{env:{KeyVariable}}}" },
                    models = new Dictionary<string, object> { [name] = new { name, tool_call = true } },
                },
            };
        }
        if (model is not null) config["model"] = model;

        invocation.Add("run", "--format", "json");
        if (model is not null) invocation.Add("--model", model);
        if (run.ResumeSessionId is { } session) invocation.Add("--session", session);
        invocation.Add(run.Prompt);

        var env = invocation.Environment;
        env[$"{Prefix}_CONFIG_CONTENT"] = Json(config);
        env[$"{Prefix}_DISABLE_MODELS_FETCH"] = "1";
        env[$"{Prefix}_DISABLE_AUTOUPDATE"] = "1";
        env[$"{Prefix}_DISABLE_SHARE"] = "1";
        env[$"{Prefix}_DISABLE_LSP_DOWNLOAD"] = "1";
        if (preset == "kilo") env["KILO_TELEMETRY_LEVEL"] = "off";
        if (run.Endpoint?.ApiKey is { Length: > 0 } key) env[KeyVariable] = key;
        else if (BaseUrl(run) is not null) env[KeyVariable] = "none";
    }
}
