using Gastown.Infrastructure.Container;

namespace Gastown.Infrastructure.Agents.Streams;

/// <summary>
/// Turns one CLI's JSON event stream into normalized events. A line it does not understand yields nothing, and the
/// container passes it through as raw output. One parser per run (it remembers tool names by call id).
/// </summary>
public interface IAgentStreamParser
{
    /// <summary>False when the line is not part of the CLI's JSON stream (it is then shown as it is).</summary>
    bool TryParse(string line, List<ParsedAgentEvent> events);

    /// <summary>The CLI's own session id, once it said it (the mayor resumes it next time).</summary>
    string? SessionId { get; }

    /// <summary>The last assistant text of the run (the mayor's answer when it did not call gt_reply).</summary>
    string? LastText { get; }

    /// <summary>Names of the tools the agent called, as the CLI spells them.</summary>
    IReadOnlyCollection<string> ToolsCalled { get; }

    /// <summary>Set when the run was refused by its model endpoint for rate or quota (and not recovered later in the run).</summary>
    Application.Common.Ports.AgentRateLimit? RateLimit => null;

    /// <summary>How many messages written to the CLI's stdin it has acknowledged taking (Claude's replayed user messages).</summary>
    int InputsTaken => 0;

    /// <summary>How many turns the CLI has ended (Claude's <c>result</c> events): after one, a CLI reading stdin waits for more.</summary>
    int TurnsEnded => 0;
}
