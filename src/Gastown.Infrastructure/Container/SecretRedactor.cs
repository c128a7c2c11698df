using System.Text.RegularExpressions;

namespace Gastown.Infrastructure.Container;

/// <summary>
/// Takes secrets out of what an agent printed before anyone sees it (the live view) or it is stored (its transcript):
/// the values of the run's secret variables (its session token, API keys, git credentials: whatever the run was given
/// under a name that says key, token, secret, password, credential or auth), and anything shaped like an API key or a
/// token wherever it came from.
/// </summary>
internal sealed partial class SecretRedactor
{
    public const string Mark = "[redacted]";

    // Shorter values are too likely to be ordinary words; the shapes below still catch real keys of any source.
    private const int MinimumSecretLength = 8;

    private readonly string[] _values;

    public SecretRedactor(IEnumerable<KeyValuePair<string, string>> environment, IEnumerable<string> secrets)
    {
        _values = [.. environment.Where(variable => SecretName().IsMatch(variable.Key)).Select(variable => variable.Value)
            .Concat(secrets)
            .Where(value => value.Length >= MinimumSecretLength)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(value => value.Length)];
    }

    public static readonly SecretRedactor None = new([], []);

    public string Redact(string text)
    {
        if (text.Length == 0) return text;
        foreach (var value in _values)
            if (text.Contains(value, StringComparison.Ordinal)) text = text.Replace(value, Mark, StringComparison.Ordinal);
        return SecretShape().Replace(text, Mark);
    }

    public IReadOnlyDictionary<string, string>? Redact(IReadOnlyDictionary<string, string>? detail) =>
        detail?.ToDictionary(field => field.Key, field => Redact(field.Value), StringComparer.Ordinal);

    [GeneratedRegex("(?i)(key|token|secret|passw|credential|auth|GIT_CONFIG_VALUE)")]
    private static partial Regex SecretName();

    // API keys (sk-…, sk-ant-…), Gastown's user tokens (gt_…), GitHub tokens, and JWTs (eyJ….….…).
    [GeneratedRegex(@"\b(sk-[A-Za-z0-9_\-]{16,}|gt_[A-Za-z0-9_\-]{24,}|gh[pousr]_[A-Za-z0-9]{20,}|eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,})")]
    private static partial Regex SecretShape();
}
