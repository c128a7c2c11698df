using System.Text;
using System.Text.Json;

namespace Gastown.Cli.Api;

/// <summary>
/// A refusal of the server as the user reads it: the status's exit code and the server's problem details (title,
/// detail, and each invalid field by name), never a stack trace.
/// </summary>
internal static class Problems
{
    public static CliException From(ApiException refusal)
    {
        var code = refusal.StatusCode switch
        {
            400 or 415 or 422 => ExitCodes.Usage,
            404 => ExitCodes.NotFound,
            401 or 403 or 409 => ExitCodes.Refused,
            >= 500 => ExitCodes.ServerError,
            _ => ExitCodes.Failed,
        };
        var message = new StringBuilder(Describe(refusal));
        if (refusal.StatusCode == 401) message.Append(" (run `gastown login <url>` with a valid token, or set GASTOWN_TOKEN)");
        return new CliException(code, message.ToString());
    }

    private static string Describe(ApiException refusal)
    {
        var fallback = $"the server answered {refusal.StatusCode}";
        if (string.IsNullOrWhiteSpace(refusal.Response)) return fallback;
        try
        {
            using var document = JsonDocument.Parse(refusal.Response);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return fallback;
            var text = new StringBuilder(Text(root, "title") ?? fallback);
            if (Text(root, "detail") is { Length: > 0 } detail) text.Append(": ").Append(detail);
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                foreach (var field in errors.EnumerateObject())
                    foreach (var error in field.Value.EnumerateArray())
                        text.Append('\n').Append("  ").Append(field.Name.Length > 0 ? field.Name + ": " : "").Append(error.GetString());
            return text.ToString();
        }
        catch (JsonException)
        {
            return fallback;
        }
    }

    private static string? Text(System.Text.Json.JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
