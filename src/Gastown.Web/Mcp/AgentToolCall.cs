using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using Ardalis.Result;
using Gastown.Application.AgentApi.Heartbeat;
using Gastown.Application.Common.Security;
using ModelContextProtocol.Protocol;

namespace Gastown.Web.Mcp;

/// <summary>
/// The one way a tool reaches the application: the calling agent is the one its session token names (never a tool
/// argument), the request goes through the mediator exactly as from the HTTP agent API, and its
/// <see cref="Result{T}"/> becomes the tool's result. Expected failures (validation, not found, forbidden, a stale
/// generation) are tool errors (<c>isError: true</c>) with the message, never a protocol error.
/// </summary>
public sealed class AgentToolCall(ISender sender, ICurrentActor current)
{
    /// <summary>Results as the HTTP API writes them (camelCase, enums as their lowercase words), nulls left out.</summary>
    private static readonly JsonSerializerOptions Json = CreateJson();

    public ISender Sender => sender;

    /// <summary>The agent the session token names; the authentication of /mcp guarantees there is one.</summary>
    public Guid AgentId => current.Actor.Agent?.AgentId ?? Guid.Empty;

    /// <summary>The town of the agent's session (the mayor's town for its convoy tools).</summary>
    public Guid TownId => current.Actor.Agent?.TownId ?? Guid.Empty;

    /// <summary>
    /// Awaits the request and maps its result. Every tool call is a heartbeat: a request whose handler does not
    /// itself record the agent's activity is followed by a heartbeat (which, like everything else, a stale
    /// generation cannot change).
    /// </summary>
    public async Task<CallToolResult> RunAsync<T>(ValueTask<Result<T>> request, bool recordsActivity, CancellationToken ct)
    {
        var result = await request;
        if (!recordsActivity || !result.IsSuccess) await sender.Send(new HeartbeatCommand(AgentId), ct);
        return ToToolResult(result);
    }

    public static CallToolResult ToToolResult<T>(Result<T> result) => result.Status switch
    {
        ResultStatus.Ok or ResultStatus.Created => Success(result.Value),
        ResultStatus.NoContent => Success<object?>(null),
        ResultStatus.Invalid => Error("Invalid arguments: " + string.Join(" ", result.ValidationErrors.Select(e => e.ErrorMessage))),
        var status => Error($"{Describe(status)}: {string.Join(" ", result.Errors)}"),
    };

    public static CallToolResult Error(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };

    private static CallToolResult Success<T>(T value) =>
        new() { Content = [new TextContentBlock { Text = JsonSerializer.Serialize(value, Json) }] };

    private static string Describe(ResultStatus status) => status switch
    {
        ResultStatus.NotFound => "Not found",
        ResultStatus.Forbidden => "Forbidden",
        ResultStatus.Unauthorized => "Unauthorized",
        ResultStatus.Conflict => "Conflict",
        ResultStatus.Unavailable => "Unavailable, try again later",
        _ => "Failed",
    };

    private static JsonSerializerOptions CreateJson()
    {
        // Read by models, not browsers: no HTML escaping, and no null fields to wade through.
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            IgnoreReadOnlyProperties = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        WebServices.ConfigureJson(json);
        return json;
    }
}
