using System.Security.Claims;
using System.Text.Encodings.Web;
using Gastown.Application.Common.Ports;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gastown.Web.Security;

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
