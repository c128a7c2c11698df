namespace Gastown.Infrastructure.Container;

/// <summary>
/// Where agent processes reach this server's agent API (GASTOWN_API_URL). The web host supplies it from the
/// addresses Kestrel actually bound, so it is right even on a random test port.
/// </summary>
public interface IAgentApiAddress
{
    Uri BaseAddress { get; }
}
