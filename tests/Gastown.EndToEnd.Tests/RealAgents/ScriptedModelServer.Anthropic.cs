using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gastown.EndToEnd.Tests.RealAgents;

/// <summary>Anthropic Messages (<c>/v1/messages</c>, Claude Code).</summary>
public sealed partial class ScriptedModelServer
{
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
}
