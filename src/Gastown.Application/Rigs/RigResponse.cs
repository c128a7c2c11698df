namespace Gastown.Application.Rigs;

/// <summary>A rig as the API shows it (createRig, getTown, listRigs, the mayor's rig listing).</summary>
public sealed record RigResponse(
    Guid Id, Guid TownId, string Name, string GitUrl, string DefaultBranch, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    int? MaxPolecats = null, RigHealthResponse? Health = null, RigReviewResponse? Review = null)
{
    public static RigResponse From(Rig rig) =>
        new(rig.Id, rig.TownId, rig.Name, rig.GitUrl, rig.DefaultBranch, rig.CreatedAt, rig.UpdatedAt, rig.MaxPolecats,
            RigHealthResponse.From(rig.Health), RigReviewResponse.From(rig.ReviewOrDefault));

    public static IReadOnlyList<RigResponse> From(IEnumerable<Rig> rigs) => [.. rigs.Select(From)];
}
