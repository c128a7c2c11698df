namespace Gastown.Application.Towns;

public sealed record GitCredentialsResponse(string Username, string Token);
