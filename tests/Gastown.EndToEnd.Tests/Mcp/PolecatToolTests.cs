using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using ModelContextProtocol.Client;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Mcp;

/// <summary>
/// A polecat's tools over <c>/mcp</c> with the SDK's client and the session token a real dispatch minted: each tool
/// works on the same state as the HTTP agent API, and its expected failures come back as tool errors.
/// </summary>
public class PolecatToolTests : ServerTest
{
    private CapturedSessions Sessions => new(System.IO.Path.Combine(SharedWithAgents, "sessions.txt"));

    // The first start of an agent exits at once (so the patrol dispatches it again under a new generation, leaving a
    // stale token behind); later starts stay alive without calling anything, so the test is the agent.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(AgentCommand("polecat",
        "/bin/sh", "-c", $"{Sessions.Record}; if [ $(grep -c \"$GASTOWN_AGENT_ID\" '{Sessions.File}') -lt 2 ]; then exit 1; fi; exec sleep 600"));

    private async Task<(Guid Agent, Guid Bead, string Stale, string Current)> HookedPolecatAsync(string title, string? body = null)
    {
        var sling = await Api.SlingAsync(RigId, title, body);
        var polecat = sling.Agent!.Id;
        var sessions = await Eventually.MatchAsync(() => Task.FromResult(Sessions.Read().Where(s => s.AgentId == polecat).ToList()),
            found => found.Count >= 2, "two sessions of the polecat");
        return (polecat, sling.Bead.Id, sessions[0].Token, sessions[1].Token);
    }

    private Task<AgentWithStatus> AgentAsync(Guid agentId) =>
        Api.Http.GetFromJsonAsync<List<AgentWithStatus>>($"api/rigs/{RigId}/agents", GastownApi.Json)
            .ContinueWith(list => list.Result!.Single(a => a.Id == agentId));

    [Fact]
    public async Task Initialize_lists_exactly_the_polecat_tools_each_with_a_described_schema()
    {
        var (_, _, _, token) = await HookedPolecatAsync("List my tools");
        await using var mcp = await McpSession.ConnectAsync(Server, token);

        mcp.ServerInfo!.Name.ShouldBe("gastown");
        mcp.NegotiatedProtocolVersion.ShouldBe(McpSession.ProtocolVersion);
        var tools = await mcp.ListToolsAsync();
        tools.Select(t => t.Name).ShouldBe(
            ["gt_prime", "gt_bead_status", "gt_bead_close", "gt_done", "gt_escalate", "gt_mail_send", "gt_mail_check", "gt_checkpoint", "gt_status"],
            ignoreOrder: true);
        foreach (var tool in tools)
        {
            tool.Description.ShouldNotBeNullOrWhiteSpace(tool.Name);
            tool.JsonSchema.GetProperty("type").GetString().ShouldBe("object", tool.Name);
            if (tool.JsonSchema.TryGetProperty("properties", out var properties))
                foreach (var field in properties.EnumerateObject())
                    field.Value.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace($"{tool.Name}.{field.Name}");
        }
        var status = tools.Single(t => t.Name == "gt_status").JsonSchema;
        status.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ShouldBe(["message"]);
        var done = tools.Single(t => t.Name == "gt_done");
        done.JsonSchema.GetProperty("properties").GetProperty("noChanges").GetProperty("type").GetString().ShouldBe("boolean");
        done.Description.ShouldNotBeNull().ShouldContain("noChanges");
    }

    [Fact]
    public async Task Prime_status_and_done_work_on_the_same_state_as_the_agent_api()
    {
        var (polecat, bead, _, token) = await HookedPolecatAsync("Add a greeting", "Say hello in README");
        await using var mcp = await McpSession.ConnectAsync(Server, token);

        var prime = (await mcp.CallAsync("gt_prime")).Json();
        prime.GetProperty("agent").GetProperty("id").GetGuid().ShouldBe(polecat);
        prime.GetProperty("hookedBead").GetProperty("id").GetGuid().ShouldBe(bead);
        prime.GetProperty("hookedBead").GetProperty("body").GetString().ShouldBe("Say hello in README");
        prime.GetProperty("branch").GetString()!.ShouldStartWith("gt/");
        prime.GetProperty("instructions").GetString()!.ShouldContain("gt_done");

        var status = (await mcp.CallAsync("gt_status", new { message = "writing the greeting" })).Json();
        status.GetProperty("statusLine").GetString().ShouldBe("writing the greeting");
        var shown = await AgentAsync(polecat);
        shown.StatusLine.ShouldBe("writing the greeting");
        shown.StatusLineAt.ShouldNotBeNull();

        (await mcp.CallAsync("gt_status", new { message = "two\nlines" })).ShouldBeToolError("message", "one line");
        (await mcp.CallAsync("gt_status", new { message = "" })).ShouldBeToolError("message");
        (await mcp.CallAsync("gt_status", new { })).ShouldBeToolError("'message' is required");
        (await mcp.CallAsync("gt_escalate", new { title = "Help" })).ShouldBeToolError("'body' is required", "'severity' is required");
        (await AgentAsync(polecat)).StatusLine.ShouldBe("writing the greeting");

        var done = (await mcp.CallAsync("gt_done", new { summary = "greeting added" })).Json();
        done.GetProperty("beadId").GetGuid().ShouldBe(bead);
        (await mcp.CallAsync("gt_done", new { summary = "again" })).ShouldBeToolError("Conflict", "Nothing is hooked");
        var events = (await Api.EventsAsync(RigId, bead)).Select(e => e.Type).ToList();
        events.Count(type => type == "review_submitted").ShouldBe(1);
    }

    [Fact]
    public async Task Done_with_no_changes_needs_a_summary_and_closes_the_bead_without_changes()
    {
        var (_, bead, _, token) = await HookedPolecatAsync("Check the greeting");
        await using var mcp = await McpSession.ConnectAsync(Server, token);

        (await mcp.CallAsync("gt_done", new { noChanges = true })).ShouldBeToolError("summary");
        var closed = (await mcp.CallAsync("gt_done", new { noChanges = true, summary = "The greeting is already there." })).Json();

        closed.GetProperty("id").GetGuid().ShouldBe(bead);
        closed.GetProperty("status").GetString().ShouldBe("closed");
        closed.GetProperty("metadata").GetProperty("resolution").GetString().ShouldBe("closed_without_changes");
        var events = (await Api.EventsAsync(RigId, bead)).Select(e => e.Type).ToList();
        events.ShouldContain("closed_without_changes");
        events.ShouldNotContain("review_submitted");
    }

    [Fact]
    public async Task Bead_status_close_checkpoint_and_escalate_work_and_refuse_bad_input_as_tool_errors()
    {
        var (polecat, bead, _, token) = await HookedPolecatAsync("Fix the bug");
        await using var mcp = await McpSession.ConnectAsync(Server, token);

        (await mcp.CallAsync("gt_bead_status", new { beadId = bead.ToString(), status = "open" })).Json().GetProperty("status").GetString().ShouldBe("open");
        (await mcp.CallAsync("gt_bead_status", new { beadId = bead.ToString(), status = "closed" })).ShouldBeToolError("status");
        (await mcp.CallAsync("gt_bead_status", new { beadId = "not-a-uuid", status = "open" })).ShouldBeToolError("Invalid");
        (await mcp.CallAsync("gt_bead_status", new { beadId = Guid.NewGuid().ToString(), status = "open" })).ShouldBeToolError("Not found");

        var checkpoint = (await mcp.CallAsync("gt_checkpoint", new { data = new { step = 2, notes = "tests pass" } })).Json();
        JsonDocumentOf(checkpoint.GetProperty("checkpoint").GetString()!).GetProperty("step").GetInt32().ShouldBe(2);

        (await mcp.CallAsync("gt_escalate", new { title = "Need a hand", body = "The spec is unclear.", severity = "urgent" })).ShouldBeToolError("priority");
        var escalation = (await mcp.CallAsync("gt_escalate", new { title = "Need a hand", body = "The spec is unclear.", severity = "high" })).Json();
        escalation.GetProperty("type").GetString().ShouldBe("escalation");
        escalation.GetProperty("priority").GetString().ShouldBe("high");

        var closed = (await mcp.CallAsync("gt_bead_close", new { beadId = bead.ToString() })).Json();
        closed.GetProperty("status").GetString().ShouldBe("closed");
        (await AgentAsync(polecat)).HookedBeadId.ShouldBeNull();

        var events = (await Api.EventsAsync(RigId, bead)).Select(e => e.Type).ToList();
        events.ShouldContain("checkpointed");
        events.ShouldContain("escalated");
        (await Api.BeadAsync(RigId, bead)).Status.ShouldBe("closed");
    }

    [Fact]
    public async Task Mail_goes_from_one_polecat_to_another_and_any_call_is_a_heartbeat()
    {
        var (sender, _, _, senderToken) = await HookedPolecatAsync("First job");
        var (recipient, _, _, recipientToken) = await HookedPolecatAsync("Second job");
        var recipientIdentity = (await Api.AgentsAsync(RigId)).Single(a => a.Id == recipient).Identity;
        await using var from = await McpSession.ConnectAsync(Server, senderToken);
        await using var to = await McpSession.ConnectAsync(Server, recipientToken);

        (await from.CallAsync("gt_mail_send", new { to = "web/polecats/Nobody", subject = "hi", body = "hello" })).ShouldBeToolError("Not found");
        (await from.CallAsync("gt_mail_send", new { to = recipientIdentity, subject = "hi", body = "the tests are green" })).Json()
            .GetProperty("from").GetString().ShouldEndWith("/polecats/" + (await Api.AgentsAsync(RigId)).Single(a => a.Id == sender).Name);

        var mail = (await to.CallAsync("gt_mail_check")).Json();
        mail.GetArrayLength().ShouldBe(1);
        mail[0].GetProperty("body").GetString().ShouldBe("the tests are green");
        (await to.CallAsync("gt_mail_check")).Json().GetArrayLength().ShouldBe(0);

        // A read-only tool is a heartbeat too.
        var before = (await AgentAsync(sender)).LastActivityAt!.Value;
        (await from.CallAsync("gt_prime")).Json();
        (await AgentAsync(sender)).LastActivityAt!.Value.ShouldBeGreaterThan(before);
    }

    [Fact]
    public async Task A_polecat_neither_sees_nor_calls_the_mayors_tools()
    {
        var (_, _, _, token) = await HookedPolecatAsync("Stay in my lane");
        await using var mcp = await McpSession.ConnectAsync(Server, token);

        (await mcp.ListToolsAsync()).Select(t => t.Name).ShouldNotContain(name => name == "gt_sling" || name == "gt_reply" || name == "gt_list_rigs");
        (await mcp.CallAsync("gt_sling", new { rig = "web", title = "Sneaky" })).ShouldBeToolError("no tool 'gt_sling' for a polecat");
        (await mcp.CallAsync("gt_reply", new { message = "Sneaky" })).ShouldBeToolError("no tool");
        (await mcp.CallAsync("gt_list_rigs")).ShouldBeToolError("no tool");
        (await Api.BeadsAsync(RigId)).ShouldNotContain(b => b.Title == "Sneaky");
    }

    [Fact]
    public async Task A_stale_generation_is_refused_as_a_tool_error_and_changes_nothing()
    {
        var (polecat, bead, stale, current) = await HookedPolecatAsync("Hold the hook");
        await using var old = await McpSession.ConnectAsync(Server, stale);
        var before = await AgentAsync(polecat);

        (await old.CallAsync("gt_status", new { message = "late" })).ShouldBeToolError("Conflict", "generation");
        (await old.CallAsync("gt_done", new { summary = "late" })).ShouldBeToolError("Conflict", "generation");
        (await old.CallAsync("gt_checkpoint", new { data = new { step = 9 } })).ShouldBeToolError("Conflict");
        (await old.CallAsync("gt_prime")).ShouldBeToolError("Conflict");

        var after = await AgentAsync(polecat);
        after.StatusLine.ShouldBeNull();
        after.HookedBeadId.ShouldBe(bead);
        after.LastActivityAt.ShouldBe(before.LastActivityAt);
        (await Api.EventsAsync(RigId, bead)).ShouldNotContain(e => e.Type == "review_submitted" || e.Type == "checkpointed");

        // The current session still works.
        await using var live = await McpSession.ConnectAsync(Server, current);
        (await live.CallAsync("gt_status", new { message = "still here" })).Json().GetProperty("statusLine").GetString().ShouldBe("still here");
    }

    [Fact]
    public async Task The_http_status_route_is_the_same_request_as_gt_status()
    {
        var (polecat, _, stale, current) = await HookedPolecatAsync("Report over HTTP");
        using var agent = Server.Client(current);
        using var old = Server.Client(stale);

        var set = await agent.PostAsJsonAsync($"api/agent/{polecat}/status", new { message = "compiling" });
        set.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await set.Content.ReadFromJsonAsync<AgentWithStatus>(GastownApi.Json))!.StatusLine.ShouldBe("compiling");
        var bad = await agent.PostAsJsonAsync($"api/agent/{polecat}/status", new { message = "a\nb" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("one line");
        (await old.PostAsJsonAsync($"api/agent/{polecat}/status", new { message = "late" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Api.Http.PostAsJsonAsync($"api/agent/{polecat}/status", new { message = "user" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await AgentAsync(polecat)).StatusLine.ShouldBe("compiling");
    }

    [Fact]
    public async Task Only_an_agent_token_opens_mcp()
    {
        var (_, _, _, token) = await HookedPolecatAsync("Check the door");

        using var anonymous = Server.Client(null);
        using var user = Server.Client(AdminToken);
        using var forged = Server.Client(token[..^4] + "AAAA");
        foreach (var client in new[] { anonymous, user, forged })
        {
            using var request = Initialize();
            (await client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        await Should.ThrowAsync<Exception>(() => McpSession.ConnectAsync(Server, AdminToken));

        using var agent = Server.Client(token);
        using (var request = Initialize()) (await agent.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Clients probe GET /mcp for a server-to-client stream; a stateless server has none to offer.
        (await agent.GetAsync("mcp")).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    private static HttpRequestMessage Initialize()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "mcp")
        {
            Content = JsonContent.Create(new
            {
                jsonrpc = "2.0", id = 1, method = "initialize",
                @params = new { protocolVersion = McpSession.ProtocolVersion, capabilities = new { }, clientInfo = new { name = "curl", version = "1" } },
            }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }

    private static JsonElement JsonDocumentOf(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();

    private sealed record AgentWithStatus(Guid Id, Guid? HookedBeadId, DateTimeOffset? LastActivityAt, string? StatusLine, DateTimeOffset? StatusLineAt);
}

/// <summary>The same tests on a server configured with Gastown__Storage__Provider=postgres.</summary>
public sealed class PostgresPolecatToolTests(PostgresFixture postgres) : PolecatToolTests
{
    protected override TestStorage Storage => TestStorage.Postgres(postgres);
}
