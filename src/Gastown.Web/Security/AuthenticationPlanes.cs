using System.Security.Claims;
using Gastown.Application.Common.Security;
using Microsoft.AspNetCore.Authentication;

namespace Gastown.Web.Security;

/// <summary>
/// Two planes that never mix: dashboard users present an opaque API token, agent processes a session JWT.
/// Each route group accepts exactly one of them, so a user token is not an agent token and vice versa.
/// </summary>
public static class AuthenticationPlanes
{
    public const string UserScheme = "UserToken";
    public const string AgentScheme = "AgentToken";
    public const string UserPolicy = "User";
    public const string AgentPolicy = "Agent";

    internal const string AgentIdClaim = "gastown:agent";
    internal const string StoreIdClaim = "gastown:store";
    internal const string TownIdClaim = "gastown:town";
    internal const string GenerationClaim = "gastown:generation";

    /// <summary>The actor a request acts as, read from whichever scheme authenticated it.</summary>
    public static Actor ActorOf(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true } identity) return Actor.Anonymous;
        var userId = Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!);
        if (identity.AuthenticationType == UserScheme) return Actor.ForUser(userId);
        return Actor.ForAgent(new AgentClaims(
            Guid.Parse(principal.FindFirstValue(AgentIdClaim)!),
            Guid.Parse(principal.FindFirstValue(StoreIdClaim)!),
            Guid.Parse(principal.FindFirstValue(TownIdClaim)!),
            userId,
            int.Parse(principal.FindFirstValue(GenerationClaim)!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    internal static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
