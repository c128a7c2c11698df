using System.Security.Cryptography;
using Gastown.Application.Common.Security;
using Gastown.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gastown.Infrastructure.Security;

/// <summary>
/// Agent session tokens: HS256 JWTs (agent, store, town, user, generation) that live 8 hours. The signing key comes
/// from Gastown:AgentTokens:SigningKey (base64), else from a key file made once in the data directory, so tokens
/// survive a restart.
/// </summary>
internal sealed class JwtAgentTokens : IAgentTokens
{
    private const string Issuer = "gastown";
    private const string Audience = "gastown-agent";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly Lazy<SymmetricSecurityKey> _key;
    private readonly TimeProvider _clock;
    private readonly Lazy<TokenValidationParameters> _validation;

    public JwtAgentTokens(DataDirectory data, IConfiguration configuration, TimeProvider clock)
        : this(() => LoadOrCreateKey(data, configuration["Gastown:AgentTokens:SigningKey"]), clock)
    {
    }

    /// <summary>A key from elsewhere (a cluster's shared database), loaded on first use, after the schema is migrated.</summary>
    internal JwtAgentTokens(Func<byte[]> key, TimeProvider clock)
    {
        _clock = clock;
        _key = new Lazy<SymmetricSecurityKey>(() => new SymmetricSecurityKey(key()));
        _validation = new Lazy<TokenValidationParameters>(() => new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _key.Value,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
        });
    }

    public string Issue(AgentClaims claims)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = claims.AgentId.ToString(),
                ["store"] = claims.StoreId.ToString(),
                ["town"] = claims.TownId.ToString(),
                ["user"] = claims.UserId.ToString(),
                ["gen"] = claims.Generation,
            },
            SigningCredentials = new SigningCredentials(_key.Value, SecurityAlgorithms.HmacSha256),
        });
    }

    public async Task<AgentClaims?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _validation.Value);
        if (!result.IsValid) return null;
        try
        {
            var claims = result.Claims;
            return new AgentClaims(
                Guid.Parse((string)claims["sub"]),
                Guid.Parse((string)claims["store"]),
                Guid.Parse((string)claims["town"]),
                Guid.Parse((string)claims["user"]),
                Convert.ToInt32(claims["gen"], CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is KeyNotFoundException or FormatException or InvalidCastException)
        {
            return null;
        }
    }

    internal static byte[] LoadOrCreateKey(DataDirectory data, string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Convert.FromBase64String(configured);

        var path = Path.Combine(data.Root, "agent-token.key");
        if (File.Exists(path)) return Convert.FromBase64String(File.ReadAllText(path).Trim());

        Directory.CreateDirectory(data.Root);
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }
}
