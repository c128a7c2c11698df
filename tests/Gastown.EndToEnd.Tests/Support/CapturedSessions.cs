namespace Gastown.EndToEnd.Tests.Support;

/// <summary>
/// What agent processes were given: a wrapper command appends "agentId token" to a file at each start, so a test
/// can act with a real session token as the agent would.
/// </summary>
public sealed class CapturedSessions(string file)
{
    public string File => file;

    /// <summary>A shell line (for `sh -c`) that records the session; the agent's own command follows it.</summary>
    public string Record => $"printf '%s %s\\n' \"$GASTOWN_AGENT_ID\" \"$GASTOWN_SESSION_TOKEN\" >> '{file}'";

    public IReadOnlyList<(Guid AgentId, string Token)> Read() =>
        System.IO.File.Exists(file)
            ? [.. System.IO.File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => l.Split(' ')).Select(p => (Guid.Parse(p[0]), p[1]))]
            : [];

    public Task<IReadOnlyList<(Guid AgentId, string Token)>> AtLeastAsync(int count) =>
        Eventually.MatchAsync(() => Task.FromResult(Read()), sessions => sessions.Count >= count, $"{count} captured agent sessions");
}
