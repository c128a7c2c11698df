namespace Gastown.Application.Common.Ports;

/// <summary>Where a provider's model API answers and the key for it. The key is a secret: never logged, never in an event.</summary>
public sealed record ModelEndpoint(string? BaseUrl, string? ApiKey)
{
    public override string ToString() => $"ModelEndpoint {{ BaseUrl = {BaseUrl}, ApiKey = {(ApiKey is null ? "" : "****")} }}";
}
