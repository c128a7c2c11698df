using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Ardalis.Result;
using Microsoft.Extensions.Options;

namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// This node calling another node's internal API (<c>/internal/...</c>), the cluster secret in
/// <see cref="ClusterSecret.Header"/>. Status is synchronous because <c>ITownContainer.GetStatus</c> is.
/// </summary>
public sealed class ClusterClient : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = CallTimeout,
    };
    private readonly string _secret;

    public ClusterClient(IOptions<ClusterOptions> options) => _secret = options.Value.Secret;

    /// <summary>The agent's status on its node; null when the node did not answer.</summary>
    public InternalAgentStatus? GetStatus(Uri node, Guid agentId)
    {
        try
        {
            using var request = Request(HttpMethod.Get, node, $"internal/agents/{agentId:D}/status");
            using var response = _http.Send(request);
            if (!response.IsSuccessStatusCode) return null;
            using var body = response.Content.ReadAsStream();
            return System.Text.Json.JsonSerializer.Deserialize<InternalAgentStatus>(body, Json);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or IOException)
        {
            return null;
        }
    }

    public async Task<bool> StopAsync(Uri node, Guid agentId, CancellationToken ct)
    {
        try
        {
            using var request = Request(HttpMethod.Post, node, $"internal/agents/{agentId:D}/stop");
            using var response = await _http.SendAsync(request, ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task<Result> SendMessageAsync(Uri node, Guid agentId, string message, CancellationToken ct)
    {
        try
        {
            using var request = Request(HttpMethod.Post, node, $"internal/agents/{agentId:D}/message");
            request.Content = JsonContent.Create(new InternalMessage(message), options: Json);
            using var response = await _http.SendAsync(request, ct);
            return response.StatusCode switch
            {
                HttpStatusCode.NoContent or HttpStatusCode.OK => Result.Success(),
                HttpStatusCode.NotFound => Result.NotFound("the agent is not running"),
                _ => Result.Error($"the agent's node answered {(int)response.StatusCode}"),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return Result.Unavailable("the agent's node is unreachable");
        }
    }

    /// <summary>Opens the agent's live stream on its node (history, then live events, as the public stream sends them).</summary>
    public async Task<ClientWebSocket> OpenStreamAsync(Uri node, Guid agentId, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(ClusterSecret.Header, _secret);
        var address = new UriBuilder(new Uri(node, $"internal/agents/{agentId:D}/stream"));
        address.Scheme = address.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        try
        {
            await socket.ConnectAsync(address.Uri, ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private HttpRequestMessage Request(HttpMethod method, Uri node, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(node, path));
        request.Headers.Add(ClusterSecret.Header, _secret);
        return request;
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public void Dispose() => _http.Dispose();
}
