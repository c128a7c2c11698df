using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;

namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// This node calling another node's internal API (<c>/internal/...</c>), the cluster secret in
/// <see cref="ClusterSecret.Header"/>. Status is synchronous because <c>ITownContainer.GetStatus</c> is. Git work on an
/// agent's branch (a merge with its gates, a commit of what it left) may take minutes, so it has its own client and a
/// deadline from the request instead of the short call timeout.
/// </summary>
public sealed class ClusterClient : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = CallTimeout,
    };
    private static readonly TimeSpan BranchCallTimeout = TimeSpan.FromMinutes(5);

    private readonly HttpClient _git = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
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

    /// <summary>Asks the node to do now what it owes deleted stores (<see cref="ClusterStoreJanitor"/>); false when it did not.</summary>
    public async Task<bool> SettleRetirementsAsync(Uri node, CancellationToken ct)
    {
        try
        {
            // The short call timeout: a node slower than that still finishes (and deletes its rows) on its own.
            using var request = Request(HttpMethod.Post, node, "internal/stores/retirements");
            using var response = await _http.SendAsync(request, ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
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

    /// <summary>The merge, on the node holding the branch's worktree; Unavailable when that node did not answer in time.</summary>
    public Task<Result<MergeOutcome>> MergeAsync(Uri node, MergeRequest request, CancellationToken ct)
    {
        // Every gate may use its whole timeout; the clone, fetch, merge and push get a margin on top.
        var gates = Math.Max(1, request.Gates?.Count ?? 0);
        var deadline = (request.GateTimeout ?? TimeSpan.FromMinutes(10)) * gates + BranchCallTimeout;
        return BranchCallAsync<MergeRequest, MergeOutcome>(node, "internal/branches/merge", request, deadline, ct);
    }

    public Task<Result<bool>> CommitPendingAsync(Uri node, InternalBranchCall call, CancellationToken ct) =>
        BranchCallAsync<InternalBranchCall, bool>(node, "internal/branches/commit-pending", call, BranchCallTimeout, ct);

    public Task<Result<bool>> HasBranchChangesAsync(Uri node, InternalBranchCall call, CancellationToken ct) =>
        BranchCallAsync<InternalBranchCall, bool>(node, "internal/branches/changes", call, BranchCallTimeout, ct);

    public async Task<Result> DeleteBranchAsync(Uri node, InternalBranchCall call, CancellationToken ct)
    {
        var deleted = await BranchCallAsync<InternalBranchCall, bool>(node, "internal/branches/delete", call, BranchCallTimeout, ct);
        return deleted.Status switch
        {
            ResultStatus.Ok => Result.Success(),
            ResultStatus.Invalid => Result.Invalid([.. deleted.ValidationErrors]),
            ResultStatus.Unavailable => Result.Unavailable([.. deleted.Errors]),
            _ => Result.Error(string.Join(" ", deleted.Errors)),
        };
    }

    private async Task<Result<TAnswer>> BranchCallAsync<TBody, TAnswer>(Uri node, string path, TBody body, TimeSpan deadline, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(deadline);
        try
        {
            using var request = Request(HttpMethod.Post, node, path);
            request.Content = JsonContent.Create(body, options: Json);
            using var response = await _git.SendAsync(request, timeout.Token);
            // A node that refuses the call (a wrong secret, a body it cannot read) will not change its mind: an error.
            if ((int)response.StatusCode is >= 400 and < 500)
                return Result<TAnswer>.Error($"the agent's node refused the call ({(int)response.StatusCode})");
            if (!response.IsSuccessStatusCode) return Result<TAnswer>.Unavailable($"the agent's node answered {(int)response.StatusCode}");
            var answer = await response.Content.ReadFromJsonAsync<InternalResult<TAnswer>>(Json, timeout.Token);
            return answer?.ToResult() ?? Result<TAnswer>.Unavailable("the agent's node sent no answer");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return Result<TAnswer>.Unavailable($"the agent's node did not answer ({node.Authority})");
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

    public void Dispose()
    {
        _http.Dispose();
        _git.Dispose();
    }
}
