namespace Gastown.Infrastructure.Container.Demo;

/// <summary>A bead as prime returns it (the fields the demo agents use).</summary>
internal sealed record PrimedBead(string Id, string Title, string? Body, string? Type = null, string? Status = null);
