using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Cluster;
using Gastown.Infrastructure.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Gastown.Infrastructure.Tests.Support.ContainerHarness;

namespace Gastown.Infrastructure.Tests.Cluster;

/// <summary>
/// Git work on a branch goes where its worktree is: to the node that holds it when that node is alive (over the
/// internal API, the answer kept as it was), here when it is this node, unknown, or dead. The peer node is a real HTTP
/// listener on loopback that records what it was sent; this node's container is a real one over real git.
/// </summary>
public sealed class BranchRoutingTests : IAsyncDisposable
{
    private const string Secret = "routing-test-secret";
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private readonly ContainerHarness _harness = new();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly Placements _placements = new();
    private readonly Nodes _nodes = new();
    private readonly ClusterClient _client = new(Microsoft.Extensions.Options.Options.Create(new ClusterOptions { Secret = Secret }));
    private readonly PeerNode _peer = new();
    private readonly RoutingTownContainer _container;

    public BranchRoutingTests()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new ClusterOptions { Secret = Secret, NodeId = "node-1" });
        _container = new RoutingTownContainer(_harness.Container, _placements, new AgentLocator(_placements, _nodes, options, _clock),
            _client, _nodes, NullLogger<RoutingTownContainer>.Instance);
    }

    [Fact]
    public async Task A_merge_whose_worktree_is_on_a_live_node_runs_there_and_its_answer_comes_back_as_it_was()
    {
        _nodes.Add(new ClusterNode("node-2", _peer.Address, Now.AddSeconds(-2), IsAlive: true));
        _peer.Answer = """{"status":"Conflict","value":null,"errors":["CONFLICT (content): Merge conflict in README.md"]}""";
        var origin = await OriginRepository.CreateAsync(_harness.Temp);
        var request = new MergeRequest(_harness.Repository(origin), "gt/maple/abc", "Merge gt/maple/abc: Work",
            Gates: [["make", "test"]], Environment: new Dictionary<string, string> { ["TOKEN"] = "town-secret" }, NodeId: "node-2");

        var merged = await _container.MergeAsync(request, Ct);

        merged.Status.ShouldBe(ResultStatus.Conflict);
        merged.Errors.ShouldHaveSingleItem().ShouldContain("Merge conflict in README.md");
        var call = _peer.Calls.ShouldHaveSingleItem();
        call.Path.ShouldBe("/internal/branches/merge");
        call.Secret.ShouldBe(Secret);
        using var body = JsonDocument.Parse(call.Body);
        body.RootElement.GetProperty("branch").GetString().ShouldBe("gt/maple/abc");
        body.RootElement.GetProperty("gates")[0][1].GetString().ShouldBe("test");
        // Nothing ran here: this node never cloned the rig.
        Directory.Exists(Path.Combine(_harness.WorkspaceRoot, "rigs")).ShouldBeFalse();
    }

    [Fact]
    public async Task Commit_changes_and_delete_of_a_branch_on_a_live_node_go_to_that_node()
    {
        _nodes.Add(new ClusterNode("node-2", _peer.Address, Now, IsAlive: true));
        var repository = new RepositoryRef(Guid.NewGuid(), "https://git.example.com/r.git", "main");
        _peer.Answer = """{"status":"Ok","value":true,"errors":[]}""";

        (await _container.CommitPendingAsync("node-2", repository, "gt/a/1", "Left over", Ct)).Value.ShouldBeTrue();
        (await _container.HasBranchChangesAsync("node-2", repository, "gt/a/1", Ct)).Value.ShouldBeTrue();
        (await _container.DeleteBranchAsync("node-2", repository, "gt/a/1", Ct)).IsSuccess.ShouldBeTrue();

        _peer.Calls.Select(call => call.Path).ShouldBe(["/internal/branches/commit-pending", "/internal/branches/changes", "/internal/branches/delete"]);
        JsonDocument.Parse(_peer.Calls.First().Body).RootElement.GetProperty("message").GetString().ShouldBe("Left over");
    }

    [Fact]
    public async Task A_merge_whose_node_is_dead_runs_here_from_what_the_remote_holds()
    {
        _nodes.Add(new ClusterNode("node-2", _peer.Address, Now - TimeSpan.FromMinutes(1), IsAlive: false));
        var origin = await OriginRepository.CreateAsync(_harness.Temp);
        await origin.PushBranchAsync("gt/birch/pushed", "pushed.txt", "pushed\n");

        var merged = await _container.MergeAsync(new MergeRequest(_harness.Repository(origin), "gt/birch/pushed", "Merge pushed", NodeId: "node-2"), Ct);

        merged.IsSuccess.ShouldBeTrue(string.Join("; ", merged.Errors));
        (await origin.BareGitAsync("show", "main:pushed.txt")).ShouldBe("pushed");
        _peer.Calls.ShouldBeEmpty();

        // This node's own branches, and entries from before nodes were recorded, are merged here too.
        await origin.PushBranchAsync("gt/birch/local", "local.txt", "local\n");
        (await _container.MergeAsync(new MergeRequest(_harness.Repository(origin), "gt/birch/local", "Merge local", NodeId: "node-1"), Ct)).IsSuccess.ShouldBeTrue();
        await origin.PushBranchAsync("gt/birch/old", "old.txt", "old\n");
        (await _container.MergeAsync(new MergeRequest(_harness.Repository(origin), "gt/birch/old", "Merge old"), Ct)).IsSuccess.ShouldBeTrue();
        _peer.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_live_node_that_does_not_answer_makes_the_merge_unavailable()
    {
        _nodes.Add(new ClusterNode("node-2", new Uri($"http://127.0.0.1:{ClosedPort()}/"), Now, IsAlive: true));

        var merged = await _container.MergeAsync(new MergeRequest(new RepositoryRef(Guid.NewGuid(), "https://git.example.com/r.git", "main"),
            "gt/a/1", "Merge", NodeId: "node-2"), Ct);

        merged.Status.ShouldBe(ResultStatus.Unavailable);
    }

    public async ValueTask DisposeAsync()
    {
        _peer.Dispose();
        _client.Dispose();
        await _harness.DisposeAsync();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Nodes : IClusterNodes
    {
        private readonly ConcurrentDictionary<string, ClusterNode> _nodes = new();

        public string LocalNodeId => "node-1";

        public void Add(ClusterNode node) => _nodes[node.Id] = node;

        public Task HeartbeatAsync(Uri internalUrl, CancellationToken ct) => Task.CompletedTask;

        public Task<IReadOnlyList<ClusterNode>> ListAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<ClusterNode>>([.. _nodes.Values]);
    }

    private sealed class Placements : IAgentPlacements
    {
        private readonly ConcurrentDictionary<Guid, AgentPlacement> _placements = new();

        public void Place(Guid agentId, AgentPlacement placement) => _placements[agentId] = placement;

        public Task RecordAsync(Guid agentId, string nodeId, int generation, CancellationToken ct) => Task.CompletedTask;

        public AgentPlacement? Find(Guid agentId) => _placements.GetValueOrDefault(agentId);

        public Task<AgentPlacement?> FindAsync(Guid agentId, CancellationToken ct) => Task.FromResult(Find(agentId));
    }

    /// <summary>Another node's internal API, as far as these calls go: records each call and answers <see cref="Answer"/>.</summary>
    private sealed class PeerNode : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        public PeerNode()
        {
            var port = ClosedPort();
            Address = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(Address.ToString());
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public Uri Address { get; }

        public string Answer { get; set; } = """{"status":"Ok","value":true,"errors":[]}""";

        public ConcurrentQueue<(string Path, string? Secret, string Body)> Calls { get; } = new();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                Calls.Enqueue((context.Request.Url!.AbsolutePath, context.Request.Headers[ClusterSecret.Header], await reader.ReadToEndAsync()));
                var answer = Encoding.UTF8.GetBytes(Answer);
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(answer);
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
