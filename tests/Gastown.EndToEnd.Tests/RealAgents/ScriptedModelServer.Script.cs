using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Gastown.EndToEnd.Tests.RealAgents;

/// <summary>The decision script every provider API shares: what the model does next, from the conversation so far.</summary>
public sealed partial class ScriptedModelServer
{
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
}
