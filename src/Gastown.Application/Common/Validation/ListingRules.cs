using Gastown.Application.Common.Paging;

namespace Gastown.Application.Common.Validation;

/// <summary>The rules of a bead listing's query (status, limit, cursor), shared by the user and the mayor routes.</summary>
public static class ListingRules
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>Optional; one of the bead statuses' lowercase words.</summary>
    public static IRuleBuilderOptions<T, string?> MustBeBeadStatus<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(status => status is null || EnumText.TryParse<BeadStatus>(status, out _))
            .WithMessage($"'status' must be one of {string.Join(", ", EnumText.Names<BeadStatus>())}.");

    public static IRuleBuilderOptions<T, int> MustBePageLimit<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, MaxLimit);

    /// <summary>Optional; only a cursor this server handed out (X-Next-Cursor).</summary>
    public static IRuleBuilderOptions<T, string?> MustBeBeadCursor<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(cursor => BeadCursorText.TryDecode(cursor, out _))
            .WithMessage("'cursor' is not a cursor this server handed out.");
}
