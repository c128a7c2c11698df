namespace Gastown.Infrastructure.Container.Demo;

/// <summary>What the container told the demo agent through its environment.</summary>
internal sealed record DemoAgentSettings(
    string Role,
    string ApiUrl,
    string SessionToken,
    string AgentId,
    string AgentName,
    string Branch,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> GitEnvironment,
    string Prompt = "")
{
    public static DemoAgentSettings From(IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        string Read(string name) => environment.TryGetValue(name, out var value) ? value.Trim() : "";

        // Passed on to git explicitly, so an in-process run commits with the agent's identity too.
        var gitEnvironment = environment
            .Where(entry => entry.Key.StartsWith("GIT_", StringComparison.Ordinal))
            .ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal);

        return new DemoAgentSettings(
            Read("GASTOWN_ROLE").ToLowerInvariant(),
            Read("GASTOWN_API_URL").TrimEnd('/'),
            Read("GASTOWN_SESSION_TOKEN"),
            Read("GASTOWN_AGENT_ID"),
            Read("GASTOWN_AGENT_NAME"),
            Read("GASTOWN_BRANCH"),
            workingDirectory,
            gitEnvironment,
            environment.TryGetValue("GASTOWN_PROMPT", out var prompt) ? prompt : "");
    }
}
