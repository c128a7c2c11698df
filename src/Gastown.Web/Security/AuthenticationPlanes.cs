using System.Security.Claims;
using System.Text.Encodings.Web;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

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

/// <summary>Dashboard tokens: looked up by their SHA-256 hash.</summary>
public sealed class UserTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IUserDirectory users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = AuthenticationPlanes.BearerToken(Request);
        if (string.IsNullOrEmpty(token)) return AuthenticateResult.NoResult();

        var user = await users.FindByTokenHashAsync(ApiTokenSecret.Hash(token), Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail("Unknown or revoked token.");

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.Name)],
            AuthenticationPlanes.UserScheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}

/// <summary>Agent session tokens: HS256 JWTs minted at dispatch.</summary>
public sealed class AgentTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IAgentTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = AuthenticationPlanes.BearerToken(Request);
        if (string.IsNullOrEmpty(token)) return AuthenticateResult.NoResult();

        if (await tokens.ValidateAsync(token) is not { } claims)
            return AuthenticateResult.Fail("Invalid or expired agent token.");

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, claims.UserId.ToString()),
            new Claim(AuthenticationPlanes.AgentIdClaim, claims.AgentId.ToString()),
            new Claim(AuthenticationPlanes.StoreIdClaim, claims.StoreId.ToString()),
            new Claim(AuthenticationPlanes.TownIdClaim, claims.TownId.ToString()),
            new Claim(AuthenticationPlanes.GenerationClaim, claims.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], AuthenticationPlanes.AgentScheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
