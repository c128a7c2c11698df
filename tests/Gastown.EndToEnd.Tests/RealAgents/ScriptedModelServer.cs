using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gastown.EndToEnd.Tests.RealAgents;

/// <summary>One model turn as the scripted model saw it: the new user message, the request's size in JSON characters, all its text.</summary>
public sealed record ModelTurn(string LastUser, int RequestChars, string AllText);

/// <summary>What the scripted model does with a polecat's (or the mayor's) turn.</summary>
public enum ModelScript
{
    /// <summary>gt_prime → write the file with the CLI's own tool → gt_done → a final text.</summary>
    Complete,

    /// <summary>gt_prime → write the file → a final text, never gt_done.</summary>
    ExitWithoutDone,

    /// <summary>gt_prime → a final text: nothing written, nothing done.</summary>
    WriteNothing,

    /// <summary>The mayor answers in its final text only, never calling gt_reply.</summary>
    AnswerInText,
}

/// <summary>
/// The stand-in for an LLM: Kestrel on a loopback port speaking four real wire protocols (Anthropic Messages SSE,
/// OpenAI Responses SSE, OpenAI Chat Completions SSE, Gemini streamGenerateContent SSE). Every answer is decided
/// from the request alone — the tools it offers and the tool calls and results so far — never from a counter, so a
/// CLI's extra requests (titles, retries) do not derail it. Every answer reports fixed usage numbers. Offered the
/// mayor's tools it is a mayor: for a "sling &lt;rig&gt;: &lt;title&gt;" message gt_sling, then gt_reply naming the
/// message, then a final text.
/// This file is the server and what tests ask of it; each wire protocol is its own file
/// (<c>ScriptedModelServer.Anthropic.cs</c>, <c>.OpenAiResponses.cs</c>, <c>.OpenAiChat.cs</c>, <c>.Gemini.cs</c>), and all
/// of them ask the one decision script (<c>ScriptedModelServer.Script.cs</c>) what the model does next.
/// </summary>
public sealed partial class ScriptedModelServer : IAsyncDisposable
{
    public const string FileName = "GREETING.md";
    public const string FileContent = "Hello from a real agent.";
    public const string FinalText = "All finished here.";
    public const string MayorText = "Mayor here, answering in plain text.";
    public const long InputTokens = 100, OutputTokens = 20, CachedTokens = 10;

    private readonly WebApplication _app;
    private readonly ModelScript _script;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<(string LastUser, string All)> _turns = new();
    private int _ids;

    private ScriptedModelServer(WebApplication app, ModelScript script)
    {
        _app = app;
        _script = script;
    }

    /// <summary>The root the provider paths hang off (<c>/v1/messages</c>, <c>/v1/responses</c>, …).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>
    /// While set, every model request is refused as a provider over its rate limit does: HTTP 429 with
    /// <c>Retry-After: 2</c> and the provider's error body. A CLI that retries by itself is refused again, until it gives up.
    /// </summary>
    public bool Refusing
    {
        get => Volatile.Read(ref _refusing);
        set => Volatile.Write(ref _refusing, value);
    }

    private bool _refusing;
    private int _refused;

    /// <summary>How many requests were refused.</summary>
    public int Refused => Volatile.Read(ref _refused);

    private readonly ConcurrentDictionary<string, byte> _models = new(StringComparer.Ordinal);

    /// <summary>Every model a request asked for (the body's <c>model</c>, Gemini's from its path).</summary>
    public IReadOnlyCollection<string> Models => [.. _models.Keys];

    /// <summary>"METHOD path" of every request, for a failing test's message.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>
    /// Whether some request carried <paramref name="later"/> as its new user message with <paramref name="earlier"/>
    /// still in its history: the CLI continued one session instead of starting afresh.
    /// </summary>
    public bool SawOneConversation(string earlier, string later) =>
        _turns.Any(turn => turn.LastUser.Contains(later, StringComparison.Ordinal) && turn.All.Contains(earlier, StringComparison.Ordinal)
                           && !turn.LastUser.Contains(earlier, StringComparison.Ordinal));

    /// <summary>
    /// Whether one model request (one that offered tools) held every one of <paramref name="texts"/> anywhere in its body
    /// — in a tool result too, where Claude puts a message it took while working.
    /// </summary>
    public bool SawInOneRequest(params string[] texts) =>
        _bodies.Any(body => texts.All(text => body.Contains(text, StringComparison.Ordinal)));

    /// <summary>Whether some request carried <paramref name="text"/> as (part of) its newest user message.</summary>
    public bool SawUserText(string text) => _turns.Any(turn => turn.LastUser.Contains(text, StringComparison.Ordinal));

    public static async Task<ScriptedModelServer> StartAsync(ModelScript script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ScriptedModelServer(app, script);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/');
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        _requests.Enqueue($"{context.Request.Method} {path}");
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = path.Contains("/models", StringComparison.Ordinal) ? 200 : 404;
            if (context.Response.StatusCode == 200) await context.Response.WriteAsJsonAsync(new { data = Array.Empty<object>(), models = Array.Empty<object>() });
            return;
        }

        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        var json = body.ToJsonString();
        context.Items[RequestCharsKey] = json.Length;
        context.Items[RequestBodyKey] = json;
        if ((Str(body, "model") ?? (GeminiModel().Match(path) is { Success: true } gemini ? gemini.Groups["model"].Value : null)) is { } asked)
            _models.TryAdd(asked, 0);
        if (Environment.GetEnvironmentVariable("GASTOWN_MODEL_DUMP") is { Length: > 0 } dump)
        {
            Directory.CreateDirectory(dump);
            await File.WriteAllTextAsync(Path.Combine(dump, $"{Interlocked.Increment(ref _ids):D3}-{path.Replace('/', '_').Replace(':', '_')}.json"), body.ToJsonString());
        }

        if (Refusing && !path.EndsWith("/count_tokens", StringComparison.Ordinal) && !path.Contains(":countTokens", StringComparison.Ordinal))
        {
            await RefuseAsync(context, path);
        }
        else if (path.EndsWith("/messages/count_tokens", StringComparison.Ordinal))
        {
            await context.Response.WriteAsJsonAsync(new { input_tokens = InputTokens });
        }
        else if (path.EndsWith("/messages", StringComparison.Ordinal))
        {
            await AnthropicAsync(context, body);
        }
        else if (path.EndsWith("/responses", StringComparison.Ordinal))
        {
            await ResponsesAsync(context, body);
        }
        else if (path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            await ChatCompletionsAsync(context, body);
        }
        else if (path.Contains(":streamGenerateContent", StringComparison.Ordinal) || path.Contains(":generateContent", StringComparison.Ordinal))
        {
            await GeminiAsync(context, body, stream: path.Contains(":stream", StringComparison.Ordinal));
        }
        else if (path.Contains(":countTokens", StringComparison.Ordinal))
        {
            await context.Response.WriteAsJsonAsync(new { totalTokens = InputTokens });
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    /// <summary>A 429 in the provider's own error shape (Anthropic, Gemini, OpenAI), with Retry-After.</summary>
    private async Task RefuseAsync(HttpContext context, string path)
    {
        Interlocked.Increment(ref _refused);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = "2";
        const string message = "Number of requests has exceeded your rate limit";
        JsonObject error = path.EndsWith("/messages", StringComparison.Ordinal)
            ? new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = "rate_limit_error", ["message"] = message } }
            : path.Contains(':', StringComparison.Ordinal)
                ? new JsonObject { ["error"] = new JsonObject { ["code"] = 429, ["message"] = message, ["status"] = "RESOURCE_EXHAUSTED" } }
                : new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "requests", ["code"] = "rate_limit_exceeded" } };
        await context.Response.WriteAsJsonAsync(error);
    }

    // ---- SSE ---------------------------------------------------------------------------------------------------------

    private static async Task StartSseAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.FlushAsync();
    }

    private static async Task EventAsync(HttpContext context, string name, JsonObject data)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n");
        await context.Response.Body.FlushAsync();
    }

    private static async Task DataAsync(HttpContext context, JsonObject data)
    {
        await context.Response.WriteAsync($"data: {data.ToJsonString()}\n\n");
        await context.Response.Body.FlushAsync();
    }

    private static string? Str(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
