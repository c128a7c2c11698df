using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;

namespace Gastown.Web.Mcp;

/// <summary>
/// What a <c>POST /mcp</c> must carry before the SDK's handler sees it: a JSON body in UTF-8. A missing, empty or
/// other content type, or another charset, is 415; a body that is not JSON is 400 (both problem details). Only after
/// the agent token is accepted: without one it is 401 whatever the content type, and a stranger learns nothing about
/// the input rules.
/// Without this the SDK throws on a missing content type or an unknown charset (a 500), and a non-JSON content type
/// matches no endpoint and falls to the dashboard's default policy (a 401 for a valid agent token).
/// </summary>
public static class McpInputGuard
{
    /// <summary>The largest body read to check that it is JSON (an MCP message is a few kilobytes).</summary>
    private const int MaxCheckedBody = 4 * 1024 * 1024;

    public static IApplicationBuilder UseMcpInputGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.Equals(McpEndpoint.Path, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        if (!(await context.AuthenticateAsync(AuthenticationPlanes.AgentScheme)).Succeeded)
        {
            // Whatever the content type (one the endpoint does not take would otherwise meet the dashboard's policy).
            await context.ChallengeAsync(AuthenticationPlanes.AgentScheme);
            return;
        }
        if (ContentTypeProblem(context.Request.ContentType) is { } unsupported)
        {
            await Http.Problems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.", unsupported);
            return;
        }
        if (await BodyProblemAsync(context) is { } malformed)
        {
            await Http.Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "The body is not JSON.", malformed);
            return;
        }
        await next(context);
    });

    /// <summary>Null for <c>application/json</c> without a charset or with UTF-8; else why not.</summary>
    public static string? ContentTypeProblem(string? contentType)
    {
        const string expected = "POST /mcp takes application/json in UTF-8";
        if (string.IsNullOrWhiteSpace(contentType)) return $"The Content-Type header is missing; {expected}.";
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) ||
            !parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            return $"The content type is not application/json; {expected}.";
        // Only as the SDK reads it (Encoding.GetEncoding): a quoted "utf-8" is not one.
        if (parsed.Charset.HasValue && !parsed.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return $"The charset is not UTF-8; {expected}.";
        return null;
    }

    private static async Task<string?> BodyProblemAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxCheckedBody) return null; // Kestrel's own body limit answers it.
        context.Request.EnableBuffering();
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            return null;
        }
        catch (JsonException exception)
        {
            return exception.Message.Split(" Path:", 2)[0];
        }
        finally
        {
            context.Request.Body.Position = 0;
        }
    }
}
