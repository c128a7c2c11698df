namespace Gastown.Domain.Rigs;

/// <summary>One git repository inside a town. Its name is unique per town; it owns one ledger store.</summary>
public sealed record Rig(
    Guid Id,
    Guid TownId,
    string Name,
    string GitUrl,
    string DefaultBranch,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int? MaxPolecats = null,
    RigHealth? Health = null,
    RigReview? Review = null)
{
    public const int MaxNameLength = 64;
    public const string DefaultBranchName = "main";

    /// <summary>The rig's review settings, or the defaults when it has none.</summary>
    public RigReview ReviewOrDefault => Review ?? RigReview.Default;
}
