using System.Net.Http.Json;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Mcp;

/// <summary>The mayor's tools over <c>/mcp</c>, with the session token its real dispatch minted: its own town only.</summary>
public class MayorToolTests : ServerTest
{
    private CapturedSessions Sessions => new(System.IO.Path.Combine(SharedWithAgents, "mayor-sessions.txt"));

    // The mayor's process only records its session and waits: the test is the mayor. Polecats only wait too, so
    // nothing merges while a test looks at what waits for what.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(
        AgentCommand("mayor", "/bin/sh", "-c", $"{Sessions.Record}; exec sleep 600")
            .Concat(AgentCommand("polecat", "/bin/sh", "-c", "exec sleep 600")));

    private async Task<(Guid Mayor, Guid Message, string Token)> MayorAsync(string message = "hello")
    {
        var sent = await Api.SendMessageAsync(TownId, message);
        var (_, token) = (await Sessions.AtLeastAsync(1))[0];
        return (sent.Agent.Id, sent.Bead.Id, token);
    }

    private async Task<JsonElement> MayorViewAsync() =>
        await Api.Http.GetFromJsonAsync<JsonElement>($"api/towns/{TownId}/mayor", GastownApi.Json);

    [Fact]
    public async Task The_mayor_sees_exactly_its_tools_and_no_polecat_tool()
    {
        var (_, _, token) = await MayorAsync();
        await using var mcp = await McpSession.ConnectAsync(Server, token);

        var tools = await mcp.ListToolsAsync();
        tools.Select(t => t.Name).ShouldBe(["gt_list_rigs", "gt_list_beads", "gt_list_agents", "gt_sling", "gt_mail_send", "gt_reply", "gt_nudge",
            "gt_sling_batch", "gt_list_convoys", "gt_convoy_status", "gt_convoy_start", "gt_convoy_close"], ignoreOrder: true);
        foreach (var tool in tools)
        {
            tool.Description.ShouldNotBeNullOrWhiteSpace(tool.Name);
            tool.JsonSchema.GetProperty("type").GetString().ShouldBe("object", tool.Name);
            if (tool.JsonSchema.TryGetProperty("properties", out var properties))
                foreach (var field in properties.EnumerateObject())
                    field.Value.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace($"{tool.Name}.{field.Name}");
        }
        tools.Single(t => t.Name == "gt_sling").JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString())
            .ShouldBe(["rig", "title"], ignoreOrder: true);

        tools.Single(t => t.Name == "gt_nudge").JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString())
            .ShouldBe(["agent", "message"], ignoreOrder: true);

        (await mcp.CallAsync("gt_done", new { summary = "not mine" })).ShouldBeToolError("no tool 'gt_done' for a mayor");
        (await mcp.CallAsync("gt_status", new { message = "not mine" })).ShouldBeToolError("no tool");
    }

    [Fact]
    public async Task The_mayor_nudges_a_polecat_of_its_town_by_identity()
    {
        var (_, _, token) = await MayorAsync();
        await using var mcp = await McpSession.ConnectAsync(Server, token);
        var slung = (await mcp.CallAsync("gt_sling", new { rig = "web", title = "Write the docs", body = "wait: nudge" })).Json();
        var identity = slung.GetProperty("agent").GetProperty("identity").GetString()!;

        var nudge = (await mcp.CallAsync("gt_nudge", new { agent = identity, message = "Short docs, please." })).Json();

        nudge.GetProperty("mail").GetProperty("from").GetString().ShouldBe("mayor");
        nudge.GetProperty("mail").GetProperty("body").GetString().ShouldBe("Short docs, please.");
        new[] { "delivered", "next_run" }.ShouldContain(nudge.GetProperty("delivery").GetString());
        (await mcp.CallAsync("gt_nudge", new { agent = "web/polecats/Nobody", message = "hi" })).ShouldBeToolError("Not found");
        (await mcp.CallAsync("gt_nudge", new { agent = identity, message = "" })).ShouldBeToolError("message");
    }

    [Fact]
    public async Task The_mayor_lists_and_slings_into_its_town_by_rig_name_or_id()
    {
        var (mayor, _, token) = await MayorAsync();
        await using var mcp = await McpSession.ConnectAsync(Server, token);

        var rigs = (await mcp.CallAsync("gt_list_rigs")).Json();
        rigs.EnumerateArray().Select(r => r.GetProperty("name").GetString()).ShouldBe(["web"]);

        var byName = (await mcp.CallAsync("gt_sling", new { rig = "web", title = "Write the docs", body = "In docs/" })).Json();
        byName.GetProperty("bead").GetProperty("title").GetString().ShouldBe("Write the docs");
        var byId = (await mcp.CallAsync("gt_sling", new { rig = RigId.ToString(), title = "Write the tests" })).Json();
        var beads = await Api.BeadsAsync(RigId);
        beads.Select(b => b.Title).ShouldContain("Write the docs");
        beads.Single(b => b.Id == byId.GetProperty("bead").GetProperty("id").GetGuid()).Metadata["slung_by"].ShouldBe($"mayor:{mayor}");

        (await mcp.CallAsync("gt_sling", new { rig = "web", title = "" })).ShouldBeToolError("Invalid", "title");
        (await mcp.CallAsync("gt_sling", new { rig = "nowhere", title = "Lost" })).ShouldBeToolError("no rig 'nowhere'");

        var listed = (await mcp.CallAsync("gt_list_beads", new { rig = "web" })).Json();
        listed.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("title").GetString()).ShouldBe(["Write the tests", "Write the docs"], ignoreOrder: true);
        (await mcp.CallAsync("gt_list_beads", new { rig = "web", status = "cancelled" })).Json().GetProperty("items").GetArrayLength().ShouldBe(0);
        (await mcp.CallAsync("gt_list_beads", new { rig = "web", status = "finished" })).ShouldBeToolError("status");

        var agents = (await mcp.CallAsync("gt_list_agents", new { rig = "web" })).Json();
        agents.GetArrayLength().ShouldBeGreaterThanOrEqualTo(1);
        agents[0].GetProperty("role").GetString().ShouldBe("polecat");

        (await mcp.CallAsync("gt_mail_send", new { to = "alpha/nobody", subject = "hi", body = "x" })).ShouldBeToolError("Not found");
        var mailed = (await mcp.CallAsync("gt_mail_send", new { to = agents[0].GetProperty("identity").GetString(), subject = "Priorities", body = "Docs first." })).Json();
        mailed.GetProperty("toAgentId").GetGuid().ShouldBe(agents[0].GetProperty("id").GetGuid());
        mailed.GetProperty("from").GetString().ShouldBe("alpha/mayor");
    }

    [Fact]
    public async Task The_mayor_slings_a_bead_after_another_and_it_waits_for_its_merge()
    {
        var (_, _, token) = await MayorAsync();
        var otherTown = await Api.CreateTownAsync("beta");
        var otherRig = await Api.CreateRigAsync(otherTown, "api", Origin.Path);
        var foreign = (await Api.SlingAsync(otherRig, "Not yours")).Bead.Id;
        await using var mcp = await McpSession.ConnectAsync(Server, token);

        var first = (await mcp.CallAsync("gt_sling", new { rig = "web", title = "Add the API" })).Json().GetProperty("bead").GetProperty("id").GetGuid();
        var second = (await mcp.CallAsync("gt_sling", new { rig = "web", title = "Add the UI", dependsOn = new[] { first.ToString() } })).Json();
        var bead = second.GetProperty("bead");
        bead.GetProperty("dependsOn").EnumerateArray().Select(id => id.GetGuid()).ShouldBe([first]);
        bead.GetProperty("blockedBy").EnumerateArray().Select(id => id.GetGuid()).ShouldBe([first]);
        second.TryGetProperty("agent", out _).ShouldBeFalse("a blocked bead is hooked to no polecat");

        var listed = (await mcp.CallAsync("gt_list_beads", new { rig = "web" })).Json().GetProperty("items").EnumerateArray()
            .Single(b => b.GetProperty("title").GetString() == "Add the UI");
        listed.GetProperty("blockedBy").EnumerateArray().Select(id => id.GetGuid()).ShouldBe([first]);

        (await mcp.CallAsync("gt_sling", new { rig = "web", title = "Trespass", dependsOn = new[] { foreign.ToString() } }))
            .ShouldBeToolError("Not found", foreign.ToString());
        (await mcp.CallAsync("gt_sling", new { rig = "web", title = "Garbled", dependsOn = new[] { "not-an-id" } }))
            .ShouldBeToolError("Invalid", "dependsOn");
        (await Api.BeadsAsync(RigId)).Select(b => b.Title).ShouldBe(["Add the UI", "Add the API"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_mayor_plans_a_staged_convoy_follows_it_starts_it_and_closes_it()
    {
        var (mayor, _, token) = await MayorAsync();
        await using var mcp = await McpSession.ConnectAsync(Server, token);

        var tasks = new object[]
        {
            new { rig = "web", title = "Add the API" },
            new { rig = RigId.ToString(), title = "Add the UI", body = "Uses the API.", dependsOn = new[] { 0 } },
        };
        var created = (await mcp.CallAsync("gt_sling_batch", new { title = "Greeting feature", tasks, staged = true })).Json();
        created.GetProperty("status").GetString().ShouldBe("staged");
        created.GetProperty("total").GetInt32().ShouldBe(2);
        var convoyId = created.GetProperty("id").GetGuid();
        var beads = created.GetProperty("beads").EnumerateArray().ToDictionary(b => b.GetProperty("title").GetString()!, b => b.GetProperty("id").GetGuid());
        var edge = created.GetProperty("edges").EnumerateArray().ShouldHaveSingleItem();
        (edge.GetProperty("beadId").GetGuid(), edge.GetProperty("dependsOn").GetGuid()).ShouldBe((beads["Add the UI"], beads["Add the API"]));
        (await Api.BeadsAsync(RigId)).ShouldAllBe(bead => bead.Metadata["slung_by"] == $"mayor:{mayor}");

        // The same convoy as the user's routes show it.
        var listed = (await mcp.CallAsync("gt_list_convoys")).Json().EnumerateArray().ShouldHaveSingleItem();
        listed.GetProperty("id").GetGuid().ShouldBe(convoyId);
        var userView = await Api.Http.GetFromJsonAsync<JsonElement>($"api/towns/{TownId}/convoys/{convoyId}", GastownApi.Json);
        userView.GetProperty("title").GetString().ShouldBe("Greeting feature");
        (await mcp.CallAsync("gt_list_convoys", new { status = "landed" })).Json().GetArrayLength().ShouldBe(0);

        var status = (await mcp.CallAsync("gt_convoy_status", new { convoy = convoyId.ToString() })).Json();
        status.GetProperty("beads").EnumerateArray().Single(b => b.GetProperty("title").GetString() == "Add the UI")
            .GetProperty("blockedBy").EnumerateArray().Select(id => id.GetGuid()).ShouldBe([beads["Add the API"]]);

        (await mcp.CallAsync("gt_convoy_start", new { convoy = convoyId.ToString() })).Json().GetProperty("status").GetString().ShouldBe("active");
        (await mcp.CallAsync("gt_convoy_start", new { convoy = convoyId.ToString() })).ShouldBeToolError("Conflict", "not staged");
        (await mcp.CallAsync("gt_convoy_close", new { convoy = convoyId.ToString() })).Json().GetProperty("status").GetString().ShouldBe("closed");
        (await Api.BeadsAsync(RigId)).ShouldAllBe(bead => bead.Status == "cancelled");
    }

    [Fact]
    public async Task A_batch_the_server_refuses_writes_nothing_and_says_which_task_is_wrong()
    {
        var (_, _, token) = await MayorAsync();
        var otherTown = await Api.CreateTownAsync("beta");
        var otherRig = await Api.CreateRigAsync(otherTown, "api", Origin.Path);
        await using var mcp = await McpSession.ConnectAsync(Server, token);

        (await mcp.CallAsync("gt_sling_batch", new { title = "Loop", tasks = new object[]
        {
            new { rig = "web", title = "A", dependsOn = new[] { 1 } },
            new { rig = "web", title = "B", dependsOn = new[] { 0 } },
        } })).ShouldBeToolError("Invalid", "dependsOn");
        (await mcp.CallAsync("gt_sling_batch", new { title = "Out of range", tasks = new object[] { new { rig = "web", title = "A", dependsOn = new[] { 5 } } } }))
            .ShouldBeToolError("Invalid", "tasks[0].dependsOn");
        (await mcp.CallAsync("gt_sling_batch", new { title = "Trespass", tasks = new object[] { new { rig = otherRig.ToString(), title = "A" } } }))
            .ShouldBeToolError("Invalid", "tasks[0].rig");
        (await mcp.CallAsync("gt_convoy_status", new { convoy = Guid.NewGuid().ToString() })).ShouldBeToolError("Not found");

        (await Api.BeadsAsync(RigId)).ShouldBeEmpty();
        (await Api.BeadsAsync(otherRig)).ShouldBeEmpty();
        (await mcp.CallAsync("gt_list_convoys")).Json().GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task The_same_requestId_twice_creates_one_convoy()
    {
        var (_, _, token) = await MayorAsync();
        await using var mcp = await McpSession.ConnectAsync(Server, token);
        var batch = new { title = "Docs", tasks = new object[] { new { rig = "web", title = "Write the docs" } }, staged = true, requestId = "message-1/plan-1" };

        var first = (await mcp.CallAsync("gt_sling_batch", batch)).Json();
        var again = (await mcp.CallAsync("gt_sling_batch", batch)).Json();

        again.GetProperty("id").GetGuid().ShouldBe(first.GetProperty("id").GetGuid());
        (await mcp.CallAsync("gt_list_convoys")).Json().GetArrayLength().ShouldBe(1);
        (await Api.BeadsAsync(RigId)).Count.ShouldBe(1);
        var other = (await mcp.CallAsync("gt_sling_batch", batch with { requestId = "message-2/plan-1" })).Json();
        other.GetProperty("id").GetGuid().ShouldNotBe(first.GetProperty("id").GetGuid());

        // gt_sling's requestId too: a retried sling answers the same bead.
        var slung = (await mcp.CallAsync("gt_sling", new { rig = "web", title = "Once", requestId = "message-1/sling-1" })).Json();
        var retried = (await mcp.CallAsync("gt_sling", new { rig = "web", title = "Once", requestId = "message-1/sling-1" })).Json();
        retried.GetProperty("bead").GetProperty("id").GetGuid().ShouldBe(slung.GetProperty("bead").GetProperty("id").GetGuid());
        (await Api.BeadsAsync(RigId)).Count(bead => bead.Title == "Once").ShouldBe(1);
    }

    [Fact]
    public async Task The_mayor_of_one_town_cannot_read_or_sling_into_another()
    {
        var (_, _, token) = await MayorAsync();
        var otherTown = await Api.CreateTownAsync("beta");
        var otherRig = await Api.CreateRigAsync(otherTown, "api", Origin.Path);
        await using var mcp = await McpSession.ConnectAsync(Server, token);

        (await mcp.CallAsync("gt_sling", new { rig = otherRig.ToString(), title = "Trespass" })).ShouldBeToolError("Forbidden", "not in this mayor's town");
        (await mcp.CallAsync("gt_sling", new { rig = "api", title = "Trespass" })).ShouldBeToolError("no rig 'api'");
        (await mcp.CallAsync("gt_list_beads", new { rig = otherRig.ToString() })).ShouldBeToolError("Forbidden");
        (await mcp.CallAsync("gt_list_agents", new { rig = otherRig.ToString() })).ShouldBeToolError("Forbidden");
        (await mcp.CallAsync("gt_list_rigs")).Json().EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ShouldBe([RigId]);
        (await Api.BeadsAsync(otherRig)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_reply_is_stored_in_the_conversation_and_closes_the_message_it_names()
    {
        var (mayor, message, token) = await MayorAsync("What is on today?");
        await using var mcp = await McpSession.ConnectAsync(Server, token);

        (await mcp.CallAsync("gt_reply", new { message = "" })).ShouldBeToolError("message");
        (await mcp.CallAsync("gt_reply", new { message = "Hm?", inReplyTo = Guid.NewGuid().ToString() })).ShouldBeToolError("Not found");
        var reply = (await mcp.CallAsync("gt_reply", new { message = "Two rigs, nothing queued.", inReplyTo = message.ToString() })).Json();
        reply.GetProperty("from").GetString().ShouldBe("mayor");
        reply.GetProperty("inReplyTo").GetGuid().ShouldBe(message);

        var view = await MayorViewAsync();
        var conversation = view.GetProperty("conversation").EnumerateArray().ToList();
        conversation.Select(line => (line.GetProperty("from").GetString(), line.GetProperty("text").GetString()))
            .ShouldBe([("user", "What is on today?"), ("mayor", "Two rigs, nothing queued.")]);
        conversation[0].GetProperty("status").GetString().ShouldBe("closed");
        view.GetProperty("messages").GetArrayLength().ShouldBe(1);

        // The mayor's HTTP route is the same request.
        using var http = Server.Client(token);
        var posted = await http.PostAsJsonAsync($"api/agent/{mayor}/town/replies", new { message = "Anything else?" });
        posted.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await http.PostAsJsonAsync($"api/agent/{mayor}/town/replies", new { message = "" })).StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await MayorViewAsync()).GetProperty("conversation").EnumerateArray().Select(line => line.GetProperty("from").GetString())
            .ShouldBe(["user", "mayor", "mayor"]);
    }
}

/// <summary>The same tests on a server configured with Gastown__Storage__Provider=postgres.</summary>
public sealed class PostgresMayorToolTests(PostgresFixture postgres) : MayorToolTests
{
    protected override TestStorage Storage => TestStorage.Postgres(postgres);
}
