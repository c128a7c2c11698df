namespace Gastown.Domain.Users;

/// <summary>A person (or script) that signs in to the dashboard with an API token.</summary>
public sealed record User(Guid Id, string Name, DateTimeOffset CreatedAt);
