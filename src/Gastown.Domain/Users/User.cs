namespace Gastown.Domain.Users;

/// <summary>A person (or script) that signs in to the dashboard with an API token.</summary>
public sealed record User(Guid Id, string Name, DateTimeOffset CreatedAt);

/// <summary>An API token as stored: only the SHA-256 hash of the secret is kept.</summary>
public sealed record ApiToken(Guid Id, Guid UserId, string TokenHash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
