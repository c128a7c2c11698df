using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gastown.EndToEnd.Tests.RealAgents;

/// <summary>Gemini generateContent (Gemini CLI).</summary>
public sealed partial class ScriptedModelServer
{
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
}
