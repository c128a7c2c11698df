using Gastown.Infrastructure.Container;

namespace Gastown.Infrastructure.Agents.Streams;

/// <summary>One normalized event parsed from a CLI's output line.</summary>
public sealed record ParsedAgentEvent(string Kind, string Text, IReadOnlyDictionary<string, string>? Detail = null);
