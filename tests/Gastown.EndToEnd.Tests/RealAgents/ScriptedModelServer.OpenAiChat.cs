using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gastown.EndToEnd.Tests.RealAgents;

/// <summary>OpenAI Chat Completions (<c>/v1/chat/completions</c>, opencode and Kilo).</summary>
public sealed partial class ScriptedModelServer
{
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
}
