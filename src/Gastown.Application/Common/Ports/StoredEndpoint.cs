namespace Gastown.Application.Common.Ports;

public sealed record StoredEndpoint(string? BaseUrl, string? ApiKeyProtected);
