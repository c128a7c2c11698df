namespace Gastown.Domain.Users;

/// <summary>An API token as stored: only the SHA-256 hash of the secret is kept.</summary>
public sealed record ApiToken(Guid Id, Guid UserId, string TokenHash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
