using System.Security.Claims;
using System.Text.Encodings.Web;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gastown.Web.Security;

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
