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
    RigHealth? Health = null)
{
    public const int MaxNameLength = 64;
    public const string DefaultBranchName = "main";
}
