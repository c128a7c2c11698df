namespace Gastown.Application.Common.Ports;

/// <summary>
/// Credentials for a private repository over HTTPS. Reach git only through a credential helper or GIT_ASKPASS, never
/// a URL, an argv or an event.
/// </summary>
public sealed record GitCredentials(string Username, string Token)
{
    public override string ToString() => $"GitCredentials {{ Username = {Username}, Token = **** }}";
}
