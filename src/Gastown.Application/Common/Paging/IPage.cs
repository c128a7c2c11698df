namespace Gastown.Application.Common.Paging;

/// <summary>Lets the HTTP layer send any page as a bare array plus a cursor header, whatever its item type.</summary>
public interface IPage
{
    object ItemsObject { get; }

    string? Cursor { get; }
}
