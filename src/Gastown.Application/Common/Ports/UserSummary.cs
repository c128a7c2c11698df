namespace Gastown.Application.Common.Ports;

public sealed record UserSummary(Guid Id, string Name, DateTimeOffset CreatedAt, int ActiveTokens);
