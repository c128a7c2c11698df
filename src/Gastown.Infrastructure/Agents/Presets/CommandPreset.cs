using Gastown.Infrastructure.Container;

namespace Gastown.Infrastructure.Agents.Presets;

/// <summary>
/// Any program, as configured: <c>Gastown:Agents:&lt;Role&gt;:Command</c> (or, from before, <c>Gastown:Container:Agents:&lt;role&gt;:Command</c>).
/// An argument that is exactly <c>{prompt}</c> or <c>{model}</c> is replaced by the (plain) prompt or the model.
/// </summary>
public sealed class CommandPreset(string[] fallbackCommand, string name = "command") : IAgentPreset
{
    public string Name => name;

    public string? Provider => null;

    public Result<AgentInvocation> Build(AgentRun run)
    {
        var command = run.RoleOptions.Command is { Length: > 0 } configured ? configured : fallbackCommand;
        if (command.Length == 0)
            return Result<AgentInvocation>.Error($"no command is configured for role '{run.Launch.Role.ToString().ToLowerInvariant()}' (Gastown:Agents:{run.Launch.Role}:Command)");
        var invocation = new AgentInvocation(command[0]);
        foreach (var argument in command.Skip(1))
        {
            invocation.Arguments.Add(argument switch
            {
                AgentCommandOptions.PromptPlaceholder => run.Launch.Prompt,
                AgentCommandOptions.ModelPlaceholder => run.Launch.Model,
                _ => argument,
            });
        }
        return invocation;
    }
}
