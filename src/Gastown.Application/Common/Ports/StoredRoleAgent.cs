namespace Gastown.Application.Common.Ports;

public sealed record StoredRoleAgent(string? Preset, string? Model);
