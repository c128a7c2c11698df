using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Support;

/// <summary>
/// An MCP client (the official SDK's) on the server's <c>/mcp</c>, as an agent CLI connects: Streamable HTTP, the
/// session token as a bearer header on every request, the <c>initialize</c> handshake.
/// </summary>
public static class McpSession
{
    /// <summary>A protocol revision with the initialize handshake, as the agent CLIs speak it.</summary>
    public const string ProtocolVersion = "2025-06-18";

    public static Task<McpClient> ConnectAsync(GastownServer server, string token) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(server.BaseAddress, "mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
            }),
            new McpClientOptions { ProtocolVersion = ProtocolVersion });

    public static async Task<CallToolResult> CallAsync(this McpClient client, string tool, object? arguments = null) =>
        await client.CallToolAsync(tool, arguments is null
            ? null
            : JsonSerializer.SerializeToElement(arguments).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value));

    /// <summary>The text of a tool's result.</summary>
    public static string Text(this CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));

    /// <summary>A successful tool result's JSON.</summary>
    public static JsonElement Json(this CallToolResult result)
    {
        (result.IsError ?? false).ShouldBeFalse(result.Text());
        return JsonDocument.Parse(result.Text()).RootElement.Clone();
    }

    /// <summary>Asserts the call came back as a tool error (isError) whose message contains every given part.</summary>
    public static CallToolResult ShouldBeToolError(this CallToolResult result, params string[] parts)
    {
        (result.IsError ?? false).ShouldBeTrue($"expected a tool error, got: {result.Text()}");
        foreach (var part in parts) result.Text().ShouldContain(part, Case.Insensitive);
        return result;
    }
}
