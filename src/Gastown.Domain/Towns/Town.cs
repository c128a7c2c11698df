namespace Gastown.Domain.Towns;

/// <summary>A user's workspace: a set of rigs and one mayor. Its name is unique per owner.</summary>
public sealed record Town(Guid Id, string Name, Guid OwnerUserId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const int MaxNameLength = 64;
}
