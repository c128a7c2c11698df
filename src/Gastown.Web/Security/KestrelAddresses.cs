using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Container;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Gastown.Web.Security;

/// <summary>
/// Addresses of this server. GASTOWN_API_URL for agent processes: Gastown:AgentApiUrl, else the first address
/// Kestrel bound (wildcards become loopback), so agents on this host reach the server even on a random test port.
/// The public base URL (stream links): Gastown:PublicBaseUrl, else the same bound address.
/// </summary>
public sealed class KestrelAddresses(IServer server, IConfiguration configuration) : IAgentApiAddress, IPublicAddress
{
    public Uri BaseUrl =>
        configuration["Gastown:PublicBaseUrl"] is { Length: > 0 } configured ? new Uri(configured) : Bound();

    public Uri BaseAddress =>
        configuration["Gastown:AgentApiUrl"] is { Length: > 0 } configured ? new Uri(configured) : Bound();

    private Uri Bound()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var bound = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server has no bound address yet.");
        var uri = new UriBuilder(bound.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::") uri.Host = "127.0.0.1";
        return uri.Uri;
    }
}
