namespace Gastown.Infrastructure.Sandbox;

/// <summary>One process to start in a sandbox: program, arguments, working folder, the variables Gastown sets, what it may see.</summary>
/// <param name="Environment">The variables Gastown sets for this process; they win over the allow-listed host ones.</param>
public sealed record SandboxCommand(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    SandboxView View);
