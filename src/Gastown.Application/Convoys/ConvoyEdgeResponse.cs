namespace Gastown.Application.Convoys;

/// <summary><see cref="BeadId"/> waits for <see cref="DependsOn"/> to be merged.</summary>
public sealed record ConvoyEdgeResponse(Guid BeadId, Guid DependsOn);
