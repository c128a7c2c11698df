using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.AgentPlane;

/// <summary>
/// Agent session tokens as real agents get them: a token reaches only its own agent, a replaced generation is
/// refused and changes nothing, and the user and agent planes never accept each other's credentials.
/// </summary>
public class AgentTokenTests : ServerTest
{
    private CapturedSessions Sessions => new(System.IO.Path.Combine(SharedWithAgents, "sessions.txt"));

    // The first start of an agent exits at once (so the patrol dispatches it again under a new generation); later
    // starts stay alive.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(AgentCommand("polecat",
        "/bin/sh", "-c", $"{Sessions.Record}; if [ $(grep -c \"$GASTOWN_AGENT_ID\" '{Sessions.File}') -lt 2 ]; then exit 1; fi; exec sleep 600"));

    [Fact]
    public async Task Tokens_are_scoped_to_their_agent_generation_and_plane()
    {
        var sling = await Api.SlingAsync(RigId, "Hold the hook");
        var polecat = sling.Agent!.Id;
        var sessions = await Sessions.AtLeastAsync(2);
        var (stale, current) = (sessions[0].Token, sessions[1].Token);
        sessions.ShouldAllBe(s => s.AgentId == polecat);

        using var agent = Server.Client(current);
        var prime = await agent.GetFromJsonAsync<PrimeView>($"api/agent/{polecat}/prime", GastownApi.Json);
        prime!.Agent.Id.ShouldBe(polecat);
        prime.Agent.Generation.ShouldBe(2);
        prime.HookedBead!.Id.ShouldBe(sling.Bead.Id);

        // A replaced generation is refused, and changes nothing.
        using var old = Server.Client(stale);
        (await old.GetAsync($"api/agent/{polecat}/prime")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await old.PostAsJsonAsync($"api/agent/{polecat}/done", new { summary = "late" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Api.AgentsAsync(RigId)).Single(a => a.Id == polecat).HookedBeadId.ShouldBe(sling.Bead.Id);

        // Another agent's routes are out of reach.
        var other = (await Api.SlingAsync(RigId, "Someone else's work")).Agent!.Id;
        (await agent.GetAsync($"api/agent/{other}/prime")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await agent.PostAsJsonAsync($"api/agent/{other}/heartbeat", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The planes are apart: a user token is no agent token, an agent token no user token.
        (await Api.Http.GetAsync($"api/agent/{polecat}/prime")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await agent.GetAsync("api/towns")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var forged = Server.Client(current[..^4] + "AAAA");
        (await forged.GetAsync($"api/agent/{polecat}/prime")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // The current session works the agent API for real: mail, checkpoint, escalation, done.
        (await agent.PostAsJsonAsync($"api/agent/{polecat}/checkpoint", new { data = new { step = 2 } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.PostAsJsonAsync($"api/agent/{polecat}/mail", new { to = other.ToString(), subject = "hi", body = "hello" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.PostAsJsonAsync($"api/agent/{polecat}/escalations", new { title = "Need a hand", priority = "urgent" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await agent.PostAsJsonAsync($"api/agent/{polecat}/escalations", new { title = "Need a hand", priority = "high" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"api/agent/{polecat}/done", new { branch = "-bad" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var done = await agent.PostAsJsonAsync($"api/agent/{polecat}/done", new { summary = "finished" });
        done.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.PostAsJsonAsync($"api/agent/{polecat}/done", new { summary = "again" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var events = (await Api.EventsAsync(RigId, sling.Bead.Id)).Select(e => e.Type).ToList();
        events.Count(type => type == "review_submitted").ShouldBe(1);
        events.ShouldContain("checkpointed");
        events.ShouldContain("escalated");
    }

    private sealed record PrimeView(AgentView Agent, BeadView? HookedBead);
}

/// <summary>The same tests on a server configured with Gastown__Storage__Provider=postgres.</summary>
public sealed class PostgresAgentTokenTests(PostgresFixture postgres) : AgentTokenTests
{
    protected override TestStorage Storage => TestStorage.Postgres(postgres);
}
