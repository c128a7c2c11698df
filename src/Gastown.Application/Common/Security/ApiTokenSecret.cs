using System.Security.Cryptography;
using System.Text;

namespace Gastown.Application.Common.Security;

/// <summary>
/// Dashboard API tokens: 256 random bits, shown once, stored only as a SHA-256 hash. A fast hash is right here
/// because the secret has full entropy; there is nothing to brute-force.
/// </summary>
public static class ApiTokenSecret
{
    public const string Prefix = "gt_";

    public static string Generate() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
