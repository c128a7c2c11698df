using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gastown.Infrastructure.Container.Demo;

/// <summary>
/// The demo agent's way to the server: the agent tools on <c>/mcp</c>, through the official MCP SDK's client, exactly
/// as a real agent CLI connects (Streamable HTTP, the session token as a bearer header, the initialize handshake).
/// </summary>
internal sealed class AgentTools(McpClient client) : IAsyncDisposable
{
    /// <summary>A protocol revision with the initialize handshake, as the agent CLIs speak it.</summary>
    public const string ProtocolVersion = "2025-06-18";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<AgentTools> ConnectAsync(DemoAgentSettings settings, CancellationToken ct)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(settings.ApiUrl + "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            Name = "gastown",
            ConnectionTimeout = TimeSpan.FromSeconds(30),
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {settings.SessionToken}" },
        });
        var client = await McpClient.CreateAsync(transport, new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "gastown-demo-agent", Version = "1.0" },
            ProtocolVersion = ProtocolVersion,
        }, cancellationToken: ct);
        return new AgentTools(client);
    }

    /// <summary>Calls a tool; a tool error (isError) becomes <see cref="ToolFailedException"/> with the server's message.</summary>
    public async Task<JsonElement> CallAsync(string tool, object? arguments, CancellationToken ct)
    {
        var result = await client.CallToolAsync(tool, Arguments(arguments), cancellationToken: ct);
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));
        if (result.IsError == true) throw new ToolFailedException($"{tool}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<T?> CallAsync<T>(string tool, object? arguments, CancellationToken ct) =>
        (await CallAsync(tool, arguments, ct)) is { ValueKind: not JsonValueKind.Undefined } json ? json.Deserialize<T>(Json) : default;

    private static Dictionary<string, object?>? Arguments(object? arguments) =>
        arguments is null
            ? null
            : JsonSerializer.SerializeToElement(arguments, Json).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);

    public ValueTask DisposeAsync() => client.DisposeAsync();
}

/// <summary>A tool answered with isError: an expected refusal (validation, not found, a replaced session, …).</summary>
internal sealed class ToolFailedException(string message) : Exception(message);
