namespace Gastown.Infrastructure.Agents;

/// <summary>The five CLIs the presets run. Versions are the ones that install here (Kilo 7.7.7: 7.8.1's platform package is not served).</summary>
public static class AgentClis
{
    public const string Anthropic = "anthropic";
    public const string OpenAI = "openai";
    public const string Gemini = "gemini";

    public static readonly IReadOnlyList<AgentCli> All =
    [
        new("claude", "@anthropic-ai/claude-code", "2.1.197", "claude", Anthropic, "claude-opus-4-8"),
        new("codex", "@openai/codex", "0.171.0", "codex", OpenAI, "gpt-6.2-sol"),
        new("opencode", "opencode-ai", "1.18.33", "opencode", OpenAI),
        new("kilo", "@kilocode/cli", "7.7.7", "kilo", OpenAI),
        new("gemini", "@google/gemini-cli", "0.61.0", "gemini", Gemini, "gemini-3.1-pro-preview"),
    ];

    public static AgentCli? Find(string preset) =>
        All.FirstOrDefault(cli => string.Equals(cli.Preset, preset, StringComparison.OrdinalIgnoreCase));
}
