namespace Gastown.Application.Common.Ports;

/// <summary>
/// A town's own agent settings (its config), resolved for one dispatch; each null member falls back to the server's
/// <c>Gastown:Agents:*</c>. <paramref name="Endpoints"/> is keyed by provider: <c>anthropic</c>, <c>openai</c>, <c>gemini</c>.
/// </summary>
public sealed record AgentOverrides(string? Preset, string? Model, IReadOnlyDictionary<string, ModelEndpoint>? Endpoints);
