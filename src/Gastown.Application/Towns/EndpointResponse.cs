namespace Gastown.Application.Towns;

public sealed record EndpointResponse(string? BaseUrl, string? ApiKey);
