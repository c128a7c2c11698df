namespace Gastown.Infrastructure.Container;

/// <summary>
/// How to run one role's agent: the executable, then its arguments. An argument that is exactly
/// <see cref="PromptPlaceholder"/> (or <see cref="ModelPlaceholder"/>) is replaced by the prompt (or model) as one
/// argument; nothing is ever passed through a shell.
/// </summary>
public sealed class AgentCommandOptions
{
    public const string PromptPlaceholder = "{prompt}";
    public const string ModelPlaceholder = "{model}";

    public string[] Command { get; set; } = [];
}
