namespace Gastown.Application.Common.Ports;

/// <summary>A blocker to write: where it lives and whether its store already shows it closed.</summary>
public sealed record BlockerRef(Guid BeadId, Guid StoreId, bool Closed);
