namespace Gastown.Application.Towns;

public sealed record RoleAgentResponse(string? Preset, string? Model);
