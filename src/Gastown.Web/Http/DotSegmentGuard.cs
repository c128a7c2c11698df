using Microsoft.AspNetCore.Http.Features;

namespace Gastown.Web.Http;

/// <summary>
/// Refuses (400) a request whose path, as sent, has a <c>.</c> or <c>..</c> segment, also percent-encoded
/// (<c>%2e</c>, <c>%2E%2e</c>). The server would otherwise resolve it before routing, so
/// <c>DELETE /api/rigs/{id}/beads/..</c> (a client that built <c>beads/${id}</c> from an empty or bad id) would reach
/// <c>DELETE /api/rigs/{id}</c> and delete the rig. Checked on the raw request target, before anything else runs.
/// </summary>
public static class DotSegmentGuard
{
    public static IApplicationBuilder UseDotSegmentGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is null || !HasDotSegment(raw))
        {
            await next(context);
            return;
        }
        await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "The path has a '.' or '..' segment.",
            "Paths are taken literally: a '.' or '..' segment (also percent-encoded) is refused, never resolved to a parent resource.");
    });

    /// <summary>True when the path of a request target (origin or absolute form, query ignored) has a dot segment.</summary>
    public static bool HasDotSegment(string rawTarget)
    {
        var path = rawTarget;
        var end = path.IndexOfAny(['?', '#']);
        if (end >= 0) path = path[..end];
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = path.IndexOf('/', scheme + 3);
            path = slash < 0 ? "" : path[slash..];
        }
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length is 0 or > 6) continue;
            var decoded = segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase);
            if (decoded is "." or "..") return true;
        }
        return false;
    }
}
