namespace Gastown.Cli.Api;

/// <summary>The generated client answers a page's items; the next page's cursor comes in a header (X-Next-Cursor).</summary>
public partial class GastownApi
{
    private string? _nextCursor;

    partial void ProcessResponse(HttpClient client, HttpResponseMessage response) =>
        _nextCursor = response.Headers.TryGetValues("X-Next-Cursor", out var values) ? values.FirstOrDefault() : null;

    /// <summary>One page of a rig's beads (newest first) and the cursor of the next one (null on the last page).</summary>
    internal async Task<(ICollection<BeadResponse> Items, string? NextCursor)> ApiRigsBeadsGetWithCursorAsync(
        Guid rigId, string? status, int limit, string? cursor, CancellationToken ct)
    {
        var items = await ApiRigsBeadsGetAsync(rigId, status, limit, cursor, ct);
        return (items, _nextCursor);
    }
}
