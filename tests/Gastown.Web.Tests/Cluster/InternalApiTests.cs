using System.Net;
using System.Net.Http.Json;
using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Cluster;
using Gastown.Web.Tests.Support;

namespace Gastown.Web.Tests.Cluster;

/// <summary>The node-to-node API (/internal/...) takes only the cluster secret, and is not in the public API description.</summary>
public sealed class InternalApiTests
{
    private const string Secret = "a-cluster-secret-for-tests-only";

    [Fact]
    public async Task A_missing_or_wrong_secret_is_refused_with_401()
    {
        await using var app = new GastownApp(new Dictionary<string, string?> { ["Gastown:Cluster:Secret"] = Secret });
        var agentId = Guid.NewGuid();
        var http = app.CreateAnonymousClient();

        (await http.GetAsync($"/internal/agents/{agentId}/status", Json.Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(http, HttpMethod.Get, $"/internal/agents/{agentId}/status", "wrong")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(http, HttpMethod.Get, $"/internal/agents/{agentId}/status", Secret + "x")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(http, HttpMethod.Post, $"/internal/agents/{agentId}/stop", "wrong")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(http, HttpMethod.Post, $"/internal/agents/{agentId}/message", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(http, HttpMethod.Post, "/internal/branches/merge", "wrong")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(http, HttpMethod.Post, "/internal/branches/delete", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(http, HttpMethod.Post, "/internal/stores/retirements", "wrong")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // A dashboard token is no substitute for the secret.
        var admin = app.CreateClientFor(await app.CreateUserAsync());
        (await admin.GetAsync($"/internal/agents/{agentId}/status", Json.Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_right_secret_reaches_this_nodes_container()
    {
        await using var app = new GastownApp(new Dictionary<string, string?> { ["Gastown:Cluster:Secret"] = Secret });
        var agentId = Guid.NewGuid();
        var http = app.CreateAnonymousClient();

        using var status = await SendAsync(http, HttpMethod.Get, $"/internal/agents/{agentId}/status", Secret);
        status.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await status.Content.ReadFromJsonAsync<InternalAgentStatus>(Json.Ct))!.State.ShouldBe("not_found");

        using var message = new HttpRequestMessage(HttpMethod.Post, $"/internal/agents/{agentId}/message")
        {
            Content = JsonContent.Create(new InternalMessage("hello")),
        };
        message.Headers.Add(ClusterSecret.Header, Secret);
        (await http.SendAsync(message, Json.Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A lone (SQLite) node owes no other node's deleted stores anything.
        (await SendAsync(http, HttpMethod.Post, "/internal/stores/retirements", Secret)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Git_work_on_a_branch_runs_on_this_nodes_worktree_including_what_it_never_pushed()
    {
        // The node of the agent: its worktree has a commit it never pushed and a file it never committed. Another node
        // asks this one to commit what was left, whether the branch has changes, and to merge it.
        await using var app = new GastownApp(new Dictionary<string, string?> { ["Gastown:Cluster:Secret"] = Secret });
        var http = app.CreateAnonymousClient();
        var origin = await ManagementHelpers.CreateBareRepositoryAsync(Path.Combine(app.DataDir, "origins"), "unpushed");
        var repository = new RepositoryRef(Guid.NewGuid(), origin, "main");
        const string branch = "gt/maple/unpushed1";
        var rig = Path.Combine(app.DataDir, "workspaces", "rigs", repository.RigId.ToString("N"));
        var clone = Path.Combine(rig, "repo");
        var worktree = Path.Combine(rig, "worktrees", "gt__maple__unpushed1");
        Directory.CreateDirectory(rig);
        await ManagementHelpers.GitAsync(rig, "clone", "--quiet", "--no-checkout", origin, clone);
        await ManagementHelpers.GitAsync(clone, "worktree", "add", "--quiet", "-b", branch, worktree, "origin/main");
        await File.WriteAllTextAsync(Path.Combine(worktree, "committed.txt"), "committed, never pushed\n", Json.Ct);
        await ManagementHelpers.GitAsync(worktree, "add", "-A");
        await ManagementHelpers.GitAsync(worktree, "-c", "user.name=maple", "-c", "user.email=maple@example.com", "commit", "--quiet", "-m", "Work");
        await File.WriteAllTextAsync(Path.Combine(worktree, "left.txt"), "never committed\n", Json.Ct);

        var committed = await CallAsync<bool>(http, "/internal/branches/commit-pending", new InternalBranchCall(repository, branch, "Left by maple"));
        committed.Status.ShouldBe(ResultStatus.Ok);
        committed.Value.ShouldBeTrue();
        var changes = await CallAsync<bool>(http, "/internal/branches/changes", new InternalBranchCall(repository, branch));
        (changes.Status, changes.Value).ShouldBe((ResultStatus.Ok, true));

        var merged = await CallAsync<MergeOutcome>(http, "/internal/branches/merge", new MergeRequest(repository, branch, $"Merge {branch}: Unpushed"));

        merged.Status.ShouldBe(ResultStatus.Ok, string.Join("; ", merged.Errors));
        (await ManagementHelpers.GitAsync(origin, "rev-parse", "main")).Trim().ShouldBe(merged.Value!.Commit);
        (await ManagementHelpers.GitAsync(origin, "show", "main:committed.txt")).ShouldBe("committed, never pushed\n");
        (await ManagementHelpers.GitAsync(origin, "show", "main:left.txt")).ShouldBe("never committed\n");
        Directory.Exists(worktree).ShouldBeFalse();

        // Asked again (its record was lost): the same merge, not a second.
        var again = await CallAsync<MergeOutcome>(http, "/internal/branches/merge", new MergeRequest(repository, branch, $"Merge {branch}: Unpushed"));
        (again.Status, again.Value!.Commit).ShouldBe((ResultStatus.Ok, merged.Value.Commit));
        (await ManagementHelpers.GitAsync(origin, "rev-list", "--count", "--merges", "main")).Trim().ShouldBe("1");

        // Its answers keep their kind: a bad branch name is invalid, with the field at fault.
        var invalid = await CallAsync<MergeOutcome>(http, "/internal/branches/merge", new MergeRequest(repository, "--force", "Merge"));
        invalid.Status.ShouldBe(ResultStatus.Invalid);
        invalid.ToResult().ValidationErrors.ShouldHaveSingleItem().ErrorMessage.ShouldStartWith("Branch: ");
    }

    [Fact]
    public async Task A_branch_call_without_its_fields_is_a_400()
    {
        await using var app = new GastownApp(new Dictionary<string, string?> { ["Gastown:Cluster:Secret"] = Secret });
        var http = app.CreateAnonymousClient();
        foreach (var path in new[] { "merge", "commit-pending", "changes", "delete" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/internal/branches/{path}") { Content = JsonContent.Create(new { branch = "gt/a/b" }) };
            request.Headers.Add(ClusterSecret.Header, Secret);
            (await http.SendAsync(request, Json.Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, path);
        }
    }

    private static async Task<InternalResult<T>> CallAsync<T>(HttpClient http, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, body.GetType()) };
        request.Headers.Add(ClusterSecret.Header, Secret);
        using var response = await http.SendAsync(request, Json.Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Json.Ct));
        return (await response.Content.ReadFromJsonAsync<InternalResult<T>>(Json.Ct))!;
    }

    [Fact]
    public async Task A_lone_node_without_a_secret_refuses_every_internal_call()
    {
        await using var app = new GastownApp();
        var http = app.CreateAnonymousClient();
        (await SendAsync(http, HttpMethod.Get, $"/internal/agents/{Guid.NewGuid()}/status", "")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_internal_routes_are_not_in_the_openapi_document()
    {
        await using var app = new GastownApp();
        var document = await app.CreateAnonymousClient().GetStringAsync("/openapi/v1.json", Json.Ct);
        document.ShouldNotContain("/internal/");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? secret)
    {
        using var request = new HttpRequestMessage(method, path);
        if (secret is not null) request.Headers.Add(ClusterSecret.Header, secret);
        return await http.SendAsync(request, Json.Ct);
    }
}
