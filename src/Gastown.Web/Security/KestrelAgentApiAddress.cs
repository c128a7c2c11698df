using Gastown.Infrastructure.Container;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Gastown.Web.Security;

/// <summary>
/// GASTOWN_API_URL for agent processes: the configured Gastown:AgentApiUrl, else the first address Kestrel bound
/// (wildcards become loopback), so agents on this host always reach the server, even on a random test port.
/// </summary>
public sealed class KestrelAgentApiAddress(IServer server, IConfiguration configuration) : IAgentApiAddress
{
    public Uri BaseAddress
    {
        get
        {
            if (configuration["Gastown:AgentApiUrl"] is { Length: > 0 } configured) return new Uri(configured);

            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var bound = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The server has no bound address yet.");
            var uri = new UriBuilder(bound.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
            if (uri.Host is "0.0.0.0" or "[::]" or "::") uri.Host = "127.0.0.1";
            return uri.Uri;
        }
    }
}
