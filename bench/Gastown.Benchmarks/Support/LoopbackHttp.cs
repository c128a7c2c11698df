using System.Net;
using System.Net.Http.Headers;

namespace Gastown.Benchmarks.Support;

/// <summary>The bench's HTTP client: real loopback sockets, keep-alive, no cookies, proxy or decompression in the way.</summary>
public static class LoopbackHttp
{
    /// <summary>A client with enough pooled connections for <paramref name="connections"/> concurrent requests; a bearer token when given.</summary>
    public static HttpClient CreateClient(Uri baseAddress, string? token, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
