namespace Gastown.Application.Common.Ports;

/// <summary>What holds an idempotency key: a request in flight (<see cref="Status"/> null) or its first response.</summary>
public sealed record IdempotencyRecord(string? Status, string? Response, DateTimeOffset CreatedAt);
