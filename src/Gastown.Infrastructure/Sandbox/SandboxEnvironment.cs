namespace Gastown.Infrastructure.Sandbox;

/// <summary>
/// The environment of a sandboxed process: a short allow-list of the host's variables (locale, terminal, time zone,
/// the path and the operator's proxy and certificate settings, which reaching a model endpoint may need), then what
/// Gastown sets. Nothing else of the server's environment (its settings, keys, connection strings) gets through.
/// </summary>
public static class SandboxEnvironment
{
    private static readonly HashSet<string> AllowedNames = new(StringComparer.Ordinal)
    {
        "PATH", "LANG", "LANGUAGE", "TERM", "TZ",
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS",
    };

    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static bool IsAllowed(string name) => AllowedNames.Contains(name) || name.StartsWith("LC_", StringComparison.Ordinal);

    /// <summary>Clears <paramref name="target"/> and fills it: allowed host variables, HOME, then <paramref name="own"/>.</summary>
    public static void Build(IDictionary<string, string?> target, string home, IReadOnlyDictionary<string, string> own)
    {
        target.Clear();
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && IsAllowed(name) && variable.Value is string value) target[name] = value;
        }
        if (!target.ContainsKey("PATH")) target["PATH"] = DefaultPath;
        target["HOME"] = home;
        foreach (var (name, value) in own) target[name] = value;
    }
}
