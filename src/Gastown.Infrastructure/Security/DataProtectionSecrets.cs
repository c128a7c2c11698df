using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Gastown.Infrastructure.Security;

/// <summary>
/// Secrets at rest through ASP.NET Core Data Protection: the key ring lives in the data directory (keys/), so a copy
/// of the SQLite files alone reveals nothing, and the key ring is rotated by Data Protection itself.
/// </summary>
internal sealed class DataProtectionSecrets(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Gastown.Secrets.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string? Unprotect(string protectedSecret)
    {
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
