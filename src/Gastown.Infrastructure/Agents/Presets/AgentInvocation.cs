using Gastown.Infrastructure.Agents.Streams;

namespace Gastown.Infrastructure.Agents.Presets;

/// <summary>
/// A process to start: executable and argument list (never a shell), environment on top of the container's, files
/// that must sit in the workspace (git-excluded, never committed), and the parser of its output.
/// </summary>
public sealed class AgentInvocation(string fileName)
{
    public string FileName { get; } = fileName;
    public List<string> Arguments { get; } = [];
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Path relative to the workspace → content. Each is added to the repository's exclude file first.</summary>
    public Dictionary<string, string> WorkspaceFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>The CLI takes its whole task from its arguments: stdin is closed at once (some wait for EOF otherwise).</summary>
    public bool CloseInput { get; set; }

    /// <summary>
    /// The run's first message, written as one line to its stdin (a CLI that reads stream-json input). The input then
    /// stays open while the CLI works, so a nudge reaches it as another message, and is closed once the CLI ends a turn
    /// having taken every message written (<see cref="IAgentStreamParser.InputsTaken"/>): the process exits as with
    /// its input closed. Null: the CLI takes its task from its arguments.
    /// </summary>
    public string? FirstInput { get; private set; }

    /// <summary>Hands the task over on stdin (<see cref="FirstInput"/>) instead of closing it.</summary>
    public AgentInvocation SendFirst(string line)
    {
        FirstInput = line;
        CloseInput = false;
        return this;
    }

    public IAgentStreamParser? Parser { get; init; }

    public AgentInvocation Add(params string[] arguments)
    {
        Arguments.AddRange(arguments);
        return this;
    }
}
