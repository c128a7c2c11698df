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

    // ---- The script ------------------------------------------------------------------------------------------------

    private abstract record ModelAction;

    private sealed record CallTool(OfferedTool Tool, JsonObject Arguments) : ModelAction;

    private sealed record SayText(string Text) : ModelAction;

    /// <summary>A script for Codex's code-mode <c>exec</c> tool.</summary>
    private sealed record RunCode(string Script) : ModelAction;

    /// <summary>A tool the CLI offered: its name as the CLI spells it, and without the MCP prefix.</summary>
    private sealed record OfferedTool(string Exact, string Short, string? Namespace = null);

    /// <summary>The conversation as the script sees it: offered tools, calls made (short names), the text of the last user turn.</summary>
    private sealed record Conversation(IReadOnlyList<OfferedTool> Tools, IReadOnlyList<string> Calls, IReadOnlyList<string> CallsThisTurn, string AllText, string LastUserText)
    {
        public OfferedTool? Tool(params string[] names) =>
            names.Select(name => Tools.FirstOrDefault(tool => tool.Short == name)).FirstOrDefault(tool => tool is not null);
    }

    private static readonly string[] WriteTools = ["Write", "write", "write_file", "apply_patch", "Bash", "bash", "run_shell_command", "shell", "shell_command", "exec_command"];

    private const string RequestCharsKey = "request-chars";
    private const string RequestBodyKey = "request-body";

    private readonly ConcurrentQueue<ModelTurn> _sizes = new();
    private readonly ConcurrentQueue<string> _bodies = new();
    private volatile TaskCompletionSource? _hold;
    private int _held;

    /// <summary>Each decided request (a model turn, not a side request): its new user message and its size in JSON characters.</summary>
    public IReadOnlyList<ModelTurn> Turns => [.. _sizes];

    /// <summary>
    /// From now on, a request whose answer would be the file write waits, unanswered, until <see cref="Release"/>: the
    /// agent's run stays in the middle of its work (after gt_prime), for a test that kills the server there.
    /// </summary>
    public void HoldWrites() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Ends the hold: held requests are answered, later ones are not held.</summary>
    public void Release() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    /// <summary>How many requests have been held.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <param name="instead">The action already decided (Codex's code-mode loading step), else null: the script decides.</param>
    private async Task<ModelAction> DecideAsync(HttpContext context, Conversation conversation, ModelAction? instead = null)
    {
        var action = instead ?? Decide(conversation);
        if (conversation.Tools.Count > 0 && context.Items[RequestBodyKey] is string body) _bodies.Enqueue(body);
        if (conversation.Tools.Count > 0)
            _sizes.Enqueue(new ModelTurn(conversation.LastUserText, context.Items[RequestCharsKey] as int? ?? 0, conversation.AllText));
        if (_hold is { } hold && action is CallTool { Tool.Short: var tool } && WriteTools.Contains(tool))
        {
            Interlocked.Increment(ref _held);
            await hold.Task.WaitAsync(context.RequestAborted);
        }
        return action;
    }

    private ModelAction Decide(Conversation conversation)
    {
        // No tools offered: a side request (a title, a summary); any text will do.
        if (conversation.Tools.Count == 0) return new SayText("Gastown work");
        _turns.Enqueue((conversation.LastUserText, conversation.AllText));

        if (conversation.AllText.Contains("You are the mayor", StringComparison.Ordinal))
        {
            // A mayor never edits files; without its tools (not connected yet) it can only answer in text.
            if (SlingLine().Match(conversation.LastUserText) is { Success: true } sling
                && !conversation.CallsThisTurn.Contains("gt_sling") && conversation.Tool("gt_sling") is { } slingTool)
            {
                return new CallTool(slingTool, new JsonObject
                {
                    ["rig"] = sling.Groups["rig"].Value, ["title"] = sling.Groups["title"].Value.Trim(), ["body"] = "Slung by the mayor.",
                });
            }
            if (_script == ModelScript.AnswerInText) return new SayText(MayorText);
            if (!conversation.CallsThisTurn.Contains("gt_reply") && conversation.Tool("gt_reply") is { } replyTool)
            {
                var reply = new JsonObject { ["message"] = $"Mayor here: handled \"{Cut(LastMessage(conversation.LastUserText), 60)}\"." };
                if (MessageId().Matches(conversation.LastUserText).LastOrDefault() is { } id) reply["inReplyTo"] = id.Groups["id"].Value;
                return new CallTool(replyTool, reply);
            }
            return new SayText(FinalText);
        }

        if (conversation.Tool("gt_prime") is { } prime && !conversation.Calls.Contains("gt_prime"))
            return new CallTool(prime, []);
        if (_script != ModelScript.WriteNothing && !conversation.Calls.Any(WriteTools.Contains) && WriteCall(conversation) is { } write)
            return write;
        // gt_done once per user turn: a resumed session's new message (a review round) is finished again.
        if (_script == ModelScript.Complete && conversation.Tool("gt_done") is { } done && !conversation.CallsThisTurn.Contains("gt_done"))
            return new CallTool(done, new JsonObject { ["summary"] = $"Wrote {FileName}." });
        return new SayText(FinalText);
    }

    /// <summary>The file write, with whatever file or shell tool this CLI offers.</summary>
    private static CallTool? WriteCall(Conversation conversation)
    {
        var worktree = Worktree().Match(conversation.AllText) is { Success: true } m ? m.Groups["path"].Value.Trim() : null;
        // The file the bead names ("Write X.md …"), else the greeting: a second bead writes a new file (Claude's Write
        // refuses to overwrite a file its session has not read).
        var beadAt = conversation.AllText.IndexOf("Your bead:", StringComparison.Ordinal);
        var name = beadAt >= 0 && BeadFile().Match(conversation.AllText, beadAt) is { Success: true } f ? f.Groups["file"].Value : FileName;
        var file = worktree is null ? name : Path.Combine(worktree, name);
        // The bead's title under the greeting: a second bead changes the file too (a branch without a change is not merged).
        var bead = BeadTitle().Match(conversation.AllText) is { Success: true } t ? t.Groups["title"].Value.Trim().Replace("'", "", StringComparison.Ordinal) : "";
        var content = bead.Length == 0 ? FileContent + "\n" : $"{FileContent}\n{bead}\n";
        var shellLine = bead.Length == 0 ? $"printf '%s\\n' '{FileContent}' > {name}" : $"printf '%s\\n' '{FileContent}' '{bead}' > {name}";

        if (conversation.Tool("Write") is { } claudeWrite && worktree is not null)
            return new CallTool(claudeWrite, new JsonObject { ["file_path"] = file, ["content"] = content });
        if (conversation.Tool("write") is { } openCodeWrite)
            return new CallTool(openCodeWrite, new JsonObject { ["filePath"] = file, ["content"] = content });
        if (conversation.Tool("write_file") is { } geminiWrite)
            return new CallTool(geminiWrite, new JsonObject { ["file_path"] = file, ["content"] = content });
        if (conversation.Tool("exec_command") is { } exec)
            return new CallTool(exec, new JsonObject { ["cmd"] = shellLine });
        if (conversation.Tool("shell_command") is { } shellCommand)
            return new CallTool(shellCommand, new JsonObject { ["command"] = shellLine });
        if (conversation.Tool("shell") is { } shell)
            return new CallTool(shell, new JsonObject { ["command"] = new JsonArray("bash", "-lc", shellLine) });
        if (conversation.Tool("Bash", "bash") is { } bash)
            return new CallTool(bash, new JsonObject { ["command"] = shellLine, ["description"] = "Write the greeting" });
        if (conversation.Tool("run_shell_command") is { } run)
            return new CallTool(run, new JsonObject { ["command"] = shellLine, ["description"] = "Write the greeting" });
        return null;
    }

    private static string Short(string name)
    {
        foreach (var prefix in new[] { "mcp__gastown__", "mcp_gastown_", "gastown_", "gastown__" })
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return name[prefix.Length..];
        return name;
    }

    private static string LastMessage(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? text;

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    [GeneratedRegex(@"sling (?<rig>[A-Za-z0-9_-]+):\s*(?<title>[^\n\r""]+)")]
    private static partial Regex SlingLine();

    [GeneratedRegex(@"\[(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\]")]
    private static partial Regex MessageId();

    [GeneratedRegex(@"/models/(?<model>[^/:]+):")]
    private static partial Regex GeminiModel();

    [GeneratedRegex(@"Your worktree: (?<path>[^\r\n]+)")]
    private static partial Regex Worktree();

    [GeneratedRegex(@"\bWrite (?<file>[A-Za-z0-9_-]+\.md)\b")]
    private static partial Regex BeadFile();

    [GeneratedRegex(@"Your bead:(?:\s|\\n)*(?<title>[^\r\n\\]+)")]
    private static partial Regex BeadTitle();

    // ---- Anthropic Messages -----------------------------------------------------------------------------------------

    private async Task AnthropicAsync(HttpContext context, JsonObject body)
    {
        var tools = (body["tools"] as JsonArray ?? []).Select(t => Str(t, "name")).OfType<string>().Select(n => new OfferedTool(n, Short(n))).ToList();
        var calls = new List<string>();
        var callsThisTurn = new List<string>();
        var all = new StringBuilder();
        var lastUser = "";
        foreach (var message in body["messages"] as JsonArray ?? [])
        {
            var role = Str(message, "role");
            var content = message?["content"];
            var blocks = content is JsonArray array ? array.ToList() : [];
            var text = content is JsonValue ? content.GetValue<string>() : string.Join("\n", blocks.Where(b => Str(b, "type") == "text").Select(b => Str(b, "text")));
            all.AppendLine(text);
            if (role == "user" && !blocks.Any(b => Str(b, "type") == "tool_result") && text.Length > 0)
            {
                lastUser = text;
                callsThisTurn.Clear();
            }
            foreach (var use in blocks.Where(b => Str(b, "type") == "tool_use"))
            {
                calls.Add(Short(Str(use, "name") ?? ""));
                callsThisTurn.Add(Short(Str(use, "name") ?? ""));
            }
        }
        all.AppendLine(SystemText(body["system"]));
        var action = await DecideAsync(context, new Conversation(tools, calls, callsThisTurn, all.ToString(), lastUser));

        var id = $"msg_{Interlocked.Increment(ref _ids)}";
        var model = Str(body, "model") ?? "scripted";
        var usage = new JsonObject { ["input_tokens"] = InputTokens, ["output_tokens"] = OutputTokens, ["cache_read_input_tokens"] = CachedTokens, ["cache_creation_input_tokens"] = 0 };
        JsonObject block = action switch
        {
            CallTool call => new JsonObject { ["type"] = "tool_use", ["id"] = $"toolu_{Interlocked.Increment(ref _ids)}", ["name"] = call.Tool.Exact, ["input"] = call.Arguments },
            SayText say => new JsonObject { ["type"] = "text", ["text"] = say.Text },
            _ => throw new InvalidOperationException(),
        };
        var stopReason = action is CallTool ? "tool_use" : "end_turn";

        if (body["stream"]?.GetValue<bool>() != true)
        {
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = id, ["type"] = "message", ["role"] = "assistant", ["model"] = model, ["content"] = new JsonArray(block),
                ["stop_reason"] = stopReason, ["stop_sequence"] = null, ["usage"] = usage,
            });
            return;
        }

        await StartSseAsync(context);
        var startUsage = usage.DeepClone().AsObject();
        startUsage["output_tokens"] = 1;
        await EventAsync(context, "message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject
            {
                ["id"] = id, ["type"] = "message", ["role"] = "assistant", ["model"] = model, ["content"] = new JsonArray(),
                ["stop_reason"] = null, ["stop_sequence"] = null, ["usage"] = startUsage,
            },
        });
        if (action is CallTool tool)
        {
            var start = block.DeepClone().AsObject();
            start["input"] = new JsonObject();
            await EventAsync(context, "content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = start });
            await EventAsync(context, "content_block_delta", new JsonObject
            {
                ["type"] = "content_block_delta", ["index"] = 0,
                ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = tool.Arguments.ToJsonString() },
            });
        }
        else
        {
            await EventAsync(context, "content_block_start", new JsonObject
            {
                ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" },
            });
            await EventAsync(context, "content_block_delta", new JsonObject
            {
                ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = ((SayText)action).Text },
            });
        }
        await EventAsync(context, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        await EventAsync(context, "message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = stopReason, ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = OutputTokens },
        });
        await EventAsync(context, "message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    private static string SystemText(JsonNode? system) => system switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray blocks => string.Join("\n", blocks.Select(b => Str(b, "text"))),
        _ => "",
    };

    // ---- OpenAI Responses -------------------------------------------------------------------------------------------

    private async Task ResponsesAsync(HttpContext context, JsonObject body)
    {
        var tools = new List<OfferedTool>();
        // Tools come in the request's `tools`, or (Codex's code-mode models) as `additional_tools` input items.
        var declared = (body["tools"] as JsonArray ?? []).Concat((body["input"] as JsonArray ?? [])
            .Where(item => Str(item, "type") == "additional_tools").SelectMany(item => item?["tools"] as JsonArray ?? []));
        foreach (var tool in declared)
        {
            if (tool?["tools"] is JsonArray inner)
            {
                var space = Str(tool, "name");
                foreach (var member in inner)
                    if (Str(member, "name") is { } memberName) tools.Add(new OfferedTool(memberName, Short(memberName), space));
            }
            else if (Str(tool, "name") is { } name)
            {
                tools.Add(new OfferedTool(name, Short(name)));
            }
        }
        var codeMode = tools.Any(tool => tool.Exact == "exec" && tool.Namespace is "functions" or null)
                       && body["input"]!.ToJsonString().Contains("Deferred tool namespaces", StringComparison.Ordinal);
        var calls = new List<string>();
        var callsThisTurn = new List<string>();
        var all = new StringBuilder(Str(body, "instructions"));
        var lastUser = "";
        var discovered = false;
        foreach (var item in body["input"] as JsonArray ?? [])
        {
            switch (Str(item, "type"))
            {
                case "custom_tool_call" when codeMode && Str(item, "name") == "exec":
                    // Code mode: the nested tools a script called are the calls made.
                    foreach (Match nested in NestedCall().Matches(Str(item, "input") ?? ""))
                    {
                        calls.Add(Short(nested.Groups["name"].Value));
                        callsThisTurn.Add(Short(nested.Groups["name"].Value));
                    }
                    break;
                case "custom_tool_call_output" when codeMode:
                    var printed = item?["output"] is JsonArray outputs
                        ? string.Join("\n", outputs.Select(o => Str(o, "text")).OfType<string>())
                        : Str(item, "output") ?? "";
                    if (DiscoveredTools().Match(printed) is { Success: true } list)
                    {
                        discovered = true;
                        foreach (var name in JsonSerializer.Deserialize<string[]>(list.Groups["names"].Value) ?? [])
                            tools.Add(new OfferedTool(name, Short(name), CodeModeNamespace));
                    }
                    break;
                case "message" or null:
                    var text = item?["content"] is JsonArray parts
                        ? string.Join("\n", parts.Select(p => Str(p, "text")).OfType<string>())
                        : Str(item, "content") ?? "";
                    all.AppendLine(text);
                    if (Str(item, "role") == "user")
                    {
                        lastUser = text;
                        callsThisTurn.Clear();
                    }
                    break;
                case "function_call" or "custom_tool_call" or "local_shell_call":
                    var called = Short(Str(item, "name") ?? "shell");
                    calls.Add(called);
                    callsThisTurn.Add(called);
                    break;
            }
        }
        // Codex's default model gets MCP tools only as deferred nested tools of code mode's `exec`: it loads them first
        // (lists ALL_TOOLS in a script), then calls each through a script.
        var action = await DecideAsync(context, new Conversation(tools, calls, callsThisTurn, all.ToString(), lastUser),
            codeMode && !discovered ? new RunCode(DiscoveryScript) : null);

        var responseId = $"resp_{Interlocked.Increment(ref _ids)}";
        JsonObject output = action switch
        {
            RunCode code => CustomExec(code.Script),
            CallTool { Tool.Namespace: CodeModeNamespace } call =>
                CustomExec($"text(JSON.stringify(await tools.{call.Tool.Exact}({call.Arguments.ToJsonString()})));"),
            CallTool call => FunctionCall(call),
            SayText say => new JsonObject
            {
                ["type"] = "message", ["id"] = $"msg_{Interlocked.Increment(ref _ids)}", ["role"] = "assistant", ["status"] = "completed",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = say.Text, ["annotations"] = new JsonArray() }),
            },
            _ => throw new InvalidOperationException(),
        };
        var usage = new JsonObject
        {
            ["input_tokens"] = InputTokens, ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = CachedTokens },
            ["output_tokens"] = OutputTokens, ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
            ["total_tokens"] = InputTokens + OutputTokens,
        };
        var model = Str(body, "model") ?? "scripted";

        await StartSseAsync(context);
        await EventAsync(context, "response.created", new JsonObject
        {
            ["type"] = "response.created",
            ["response"] = new JsonObject { ["id"] = responseId, ["object"] = "response", ["status"] = "in_progress", ["model"] = model, ["output"] = new JsonArray() },
        });
        await EventAsync(context, "response.output_item.added", new JsonObject { ["type"] = "response.output_item.added", ["output_index"] = 0, ["item"] = output.DeepClone() });
        if (action is SayText spoken)
        {
            await EventAsync(context, "response.output_text.delta", new JsonObject
            {
                ["type"] = "response.output_text.delta", ["item_id"] = output["id"]!.DeepClone(), ["output_index"] = 0, ["content_index"] = 0, ["delta"] = spoken.Text,
            });
        }
        await EventAsync(context, "response.output_item.done", new JsonObject { ["type"] = "response.output_item.done", ["output_index"] = 0, ["item"] = output.DeepClone() });
        await EventAsync(context, "response.completed", new JsonObject
        {
            ["type"] = "response.completed",
            ["response"] = new JsonObject
            {
                ["id"] = responseId, ["object"] = "response", ["status"] = "completed", ["model"] = model,
                ["output"] = new JsonArray(output.DeepClone()), ["usage"] = usage,
            },
        });
    }

    /// <summary>The nested tools of code mode, as the script found them in ALL_TOOLS.</summary>
    private const string CodeModeNamespace = "(code mode)";

    private const string DiscoveryScript = "text(\"ALL_TOOLS: \" + JSON.stringify(ALL_TOOLS.map(tool => tool.name)));";

    /// <summary>A script for Codex's code-mode <c>exec</c> tool (a freeform tool: its input is the JavaScript itself).</summary>
    private JsonObject CustomExec(string script) => new()
    {
        ["type"] = "custom_tool_call", ["id"] = $"ctc_{Interlocked.Increment(ref _ids)}", ["call_id"] = $"call_{Interlocked.Increment(ref _ids)}",
        ["name"] = "exec", ["input"] = script, ["status"] = "completed",
    };

    [GeneratedRegex(@"tools\.(?<name>[A-Za-z0-9_]+)\(")]
    private static partial Regex NestedCall();

    [GeneratedRegex(@"ALL_TOOLS: (?<names>\[[^\]]*\])")]
    private static partial Regex DiscoveredTools();

    private JsonObject FunctionCall(CallTool call)
    {
        var item = new JsonObject
        {
            ["type"] = "function_call", ["id"] = $"fc_{Interlocked.Increment(ref _ids)}", ["call_id"] = $"call_{Interlocked.Increment(ref _ids)}",
            ["name"] = call.Tool.Exact, ["arguments"] = call.Arguments.ToJsonString(), ["status"] = "completed",
        };
        if (call.Tool.Namespace is { } space) item["namespace"] = space;
        return item;
    }

    // ---- OpenAI Chat Completions ------------------------------------------------------------------------------------

    private async Task ChatCompletionsAsync(HttpContext context, JsonObject body)
    {
        var tools = (body["tools"] as JsonArray ?? []).Select(t => Str(t?["function"], "name")).OfType<string>().Select(n => new OfferedTool(n, Short(n))).ToList();
        var calls = new List<string>();
        var callsThisTurn = new List<string>();
        var all = new StringBuilder();
        var lastUser = "";
        foreach (var message in body["messages"] as JsonArray ?? [])
        {
            var text = message?["content"] switch
            {
                JsonValue value when value.TryGetValue<string>(out var s) => s,
                JsonArray parts => string.Join("\n", parts.Select(p => Str(p, "text")).OfType<string>()),
                _ => "",
            };
            all.AppendLine(text);
            if (Str(message, "role") == "user")
            {
                lastUser = text;
                callsThisTurn.Clear();
            }
            foreach (var toolCall in message?["tool_calls"] as JsonArray ?? [])
            {
                var called = Short(Str(toolCall?["function"], "name") ?? "");
                calls.Add(called);
                callsThisTurn.Add(called);
            }
        }
        var action = await DecideAsync(context, new Conversation(tools, calls, callsThisTurn, all.ToString(), lastUser));

        var id = $"chatcmpl-{Interlocked.Increment(ref _ids)}";
        var model = Str(body, "model") ?? "scripted";
        JsonObject Chunk(JsonObject? delta, string? finish, JsonObject? usage = null)
        {
            var chunk = new JsonObject { ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = 0, ["model"] = model };
            chunk["choices"] = delta is null && finish is null
                ? new JsonArray()
                : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta ?? [], ["finish_reason"] = finish });
            if (usage is not null) chunk["usage"] = usage;
            return chunk;
        }

        await StartSseAsync(context);
        if (action is CallTool call)
        {
            await DataAsync(context, Chunk(new JsonObject
            {
                ["role"] = "assistant",
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0, ["id"] = $"call_{Interlocked.Increment(ref _ids)}", ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Tool.Exact, ["arguments"] = call.Arguments.ToJsonString() },
                }),
            }, null));
            await DataAsync(context, Chunk(null, "tool_calls"));
        }
        else
        {
            await DataAsync(context, Chunk(new JsonObject { ["role"] = "assistant", ["content"] = ((SayText)action).Text }, null));
            await DataAsync(context, Chunk(null, "stop"));
        }
        await DataAsync(context, Chunk(null, null, new JsonObject
        {
            ["prompt_tokens"] = InputTokens, ["completion_tokens"] = OutputTokens, ["total_tokens"] = InputTokens + OutputTokens,
            ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = CachedTokens },
        }));
        await context.Response.WriteAsync("data: [DONE]\n\n");
        await context.Response.Body.FlushAsync();
    }

    // ---- Gemini ------------------------------------------------------------------------------------------------------

    private async Task GeminiAsync(HttpContext context, JsonObject body, bool stream)
    {
        var tools = new List<OfferedTool>();
        foreach (var tool in body["tools"] as JsonArray ?? [])
            foreach (var declaration in tool?["functionDeclarations"] as JsonArray ?? [])
                if (Str(declaration, "name") is { } name) tools.Add(new OfferedTool(name, Short(name)));
        var calls = new List<string>();
        var callsThisTurn = new List<string>();
        var all = new StringBuilder();
        var lastUser = "";
        if (body["systemInstruction"]?["parts"] is JsonArray systemParts)
            all.AppendLine(string.Join("\n", systemParts.Select(p => Str(p, "text")).OfType<string>()));
        foreach (var content in body["contents"] as JsonArray ?? [])
        {
            var parts = content?["parts"] as JsonArray ?? [];
            var text = string.Join("\n", parts.Select(p => Str(p, "text")).OfType<string>());
            all.AppendLine(text);
            if (Str(content, "role") == "user" && !parts.Any(p => p?["functionResponse"] is not null) && text.Length > 0)
            {
                lastUser = text;
                callsThisTurn.Clear();
            }
            foreach (var part in parts)
            {
                if (Str(part?["functionCall"], "name") is not { } called) continue;
                calls.Add(Short(called));
                callsThisTurn.Add(Short(called));
            }
        }
        var action = await DecideAsync(context, new Conversation(tools, calls, callsThisTurn, all.ToString(), lastUser));

        JsonObject part1 = action switch
        {
            CallTool call => new JsonObject { ["functionCall"] = new JsonObject { ["name"] = call.Tool.Exact, ["args"] = call.Arguments } },
            SayText say => new JsonObject { ["text"] = say.Text },
            _ => throw new InvalidOperationException(),
        };
        var answer = new JsonObject
        {
            ["candidates"] = new JsonArray(new JsonObject
            {
                ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(part1) },
                ["finishReason"] = "STOP", ["index"] = 0,
            }),
            ["usageMetadata"] = new JsonObject
            {
                ["promptTokenCount"] = InputTokens, ["candidatesTokenCount"] = OutputTokens, ["cachedContentTokenCount"] = CachedTokens,
                ["totalTokenCount"] = InputTokens + OutputTokens,
            },
            ["modelVersion"] = "scripted",
        };
        if (!stream)
        {
            await context.Response.WriteAsJsonAsync(answer);
            return;
        }
        await StartSseAsync(context);
        await DataAsync(context, answer);
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
