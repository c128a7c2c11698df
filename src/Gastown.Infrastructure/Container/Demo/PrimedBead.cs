namespace Gastown.Infrastructure.Container.Demo;

/// <summary>The bead hooked to the agent, as prime returns it.</summary>
internal sealed record PrimedBead(string Id, string Title, string? Body);
