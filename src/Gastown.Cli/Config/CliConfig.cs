using System.Text.Json.Serialization;

namespace Gastown.Cli.Config;

/// <summary>What `gastown login` and `gastown use` remember: the server, the user's token, the town to act on.</summary>
internal sealed record CliConfig(
    [property: JsonPropertyName("url")] string? Url = null,
    [property: JsonPropertyName("token")] string? Token = null,
    [property: JsonPropertyName("town")] string? Town = null)
{
    // Never print the token, whatever logs or formats this record.
    public override string ToString() => $"CliConfig {{ Url = {Url}, Token = {(Token is null ? "none" : "****")}, Town = {Town} }}";
}
