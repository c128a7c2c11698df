namespace Gastown.Application.Common.Ports;

/// <summary>A position in a newest-first bead listing.</summary>
public sealed record BeadCursor(DateTimeOffset CreatedAt, Guid Id);
