using Gastown.Domain.Towns;

namespace Gastown.Application.Towns;

/// <summary>A town as the API shows it (createTown, listTowns).</summary>
public sealed record TownResponse(Guid Id, string Name, Guid OwnerUserId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TownResponse From(Town town) => new(town.Id, town.Name, town.OwnerUserId, town.CreatedAt, town.UpdatedAt);

    public static IReadOnlyList<TownResponse> From(IEnumerable<Town> towns) => [.. towns.Select(From)];
}
