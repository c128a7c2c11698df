namespace Gastown.Application.Common.Ports;

/// <summary>
/// Encrypts secrets for storage (ASP.NET Core Data Protection, key ring in the data directory). Only ciphertext is
/// ever stored; plain values exist only on their way to an agent's environment or git's credential prompt.
/// </summary>
public interface ISecretProtector
{
    string Protect(string secret);

    /// <summary>The plain value; null when it cannot be decrypted (a lost or foreign key ring).</summary>
    string? Unprotect(string protectedSecret);
}
