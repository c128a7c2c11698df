namespace Gastown.Application.Common.Ports;

/// <summary>This server's public base address (Gastown:PublicBaseUrl, else the address it listens on).</summary>
public interface IPublicAddress
{
    Uri BaseUrl { get; }
}
