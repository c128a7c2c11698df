namespace Gastown.Domain.Convoys;

/// <summary>
/// A feature planned as a graph of beads across a town's rigs (issue 23, decision 0025). Its beads live in their
/// rigs' ledgers (with <c>convoy_id</c>); the convoy, its membership and its dependency edges in the directory.
/// <see cref="Released"/>: its beads' convoy hold has been lifted in every rig (false while staged or creating).
/// </summary>
public sealed record Convoy(
    Guid Id,
    Guid TownId,
    string Title,
    ConvoyMode Mode,
    ConvoyStatus Status,
    bool Staged,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LandedAt = null,
    DateTimeOffset? ClosedAt = null,
    bool Released = false)
{
    public const int MaxTitleLength = 200;

    public const int MaxTasks = 100;

    /// <summary>Ended: nothing more happens to it (its beads are no longer tracked for landing).</summary>
    public bool IsFinished => Status is ConvoyStatus.Landed or ConvoyStatus.Closed;

    /// <summary>At most this many characters of the title make the feature branch's slug.</summary>
    public const int MaxSlugLength = 40;

    /// <summary>
    /// Land mode: the feature branch of this convoy in each of its rigs, <c>convoy/&lt;slug&gt;/&lt;id8&gt;/head</c>
    /// (created from the rig's default branch; the beads branch from it and merge into it; one landing merge takes it
    /// into the default branch). The slug is the title in lowercase letters, digits and '-' (decision 0029).
    /// </summary>
    public string FeatureBranch => FeatureBranchFor(Title, Id);

    public static string FeatureBranchFor(string title, Guid id) => $"convoy/{Slug(title)}/{id.ToString("N")[..8]}/head";

    /// <summary>The title as a branch-name part: lowercase ASCII letters and digits, runs of anything else one '-'.</summary>
    public static string Slug(string title)
    {
        var slug = new System.Text.StringBuilder();
        foreach (var c in title.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
            if (slug.Length >= MaxSlugLength) break;
        }
        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "convoy" : text;
    }
}
