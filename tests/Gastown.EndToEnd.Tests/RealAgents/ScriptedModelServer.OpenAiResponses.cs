using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Gastown.EndToEnd.Tests.RealAgents;

/// <summary>OpenAI Responses (<c>/v1/responses</c>, Codex), with Codex's code mode.</summary>
public sealed partial class ScriptedModelServer
{
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
}
