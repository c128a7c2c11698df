namespace Gastown.Application.Common.Paging;

/// <summary>One page of a listing; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor) : IPage
{
    object IPage.ItemsObject => Items;

    string? IPage.Cursor => NextCursor;
}
