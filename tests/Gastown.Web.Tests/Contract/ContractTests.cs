using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Web.Tests.Contract;

/// <summary>
/// The server's own OpenAPI document as the contract: every operation in it is called through the real pipeline for
/// its happy path and for each error it declares, and every answer must be a status the document declares for that
/// operation with a body that validates against the declared schema (JsonSchema.Net). An answer the document does not
/// describe, or a declared status no request produced, fails the test.
/// </summary>
public sealed class ContractTests : IAsyncLifetime
{
    private ApiWorld _world = null!;
    private JsonObject _document = null!;
    private readonly Dictionary<string, HashSet<int>> _produced = [];
    private readonly List<string> _failures = [];
    private readonly Dictionary<string, JsonSchema> _schemas = [];

    public async ValueTask InitializeAsync()
    {
        _world = await ApiWorld.CreateAsync();
        _document = await LoadDocumentAsync(_world.App);
    }

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    private static async Task<JsonObject> LoadDocumentAsync(GastownApp app)
    {
        var text = await app.CreateAnonymousClient().GetStringAsync("/openapi/v1.json", Json.Ct);
        return JsonNode.Parse(text)!.AsObject();
    }

    private IEnumerable<(string Path, string Method, JsonObject Operation)> Operations() =>
        from path in _document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        select (path.Key, method.Key.ToUpperInvariant(), method.Value!.AsObject());

    [Fact]
    public void Every_operation_declares_its_statuses_with_schemas_and_a_security_requirement()
    {
        var schemes = _document["components"]!["securitySchemes"]!.AsObject();
        schemes.Select(s => s.Key).ShouldBe(["userToken", "agentSessionToken"], ignoreOrder: true);
        foreach (var scheme in schemes) scheme.Value!["scheme"]!.GetValue<string>().ShouldBe("bearer");

        // Anonymous by design: the health probe and the stream (its ticket is the credential).
        string[] anonymous = ["GET /health", "GET /api/towns/{townId}/agents/{agentId}/stream"];
        var operations = Operations().ToList();
        operations.Count.ShouldBeGreaterThanOrEqualTo(28);
        foreach (var (path, method, operation) in operations)
        {
            var name = $"{method} {path}";
            var responses = operation["responses"]!.AsObject();
            responses.Any(r => r.Key.StartsWith('2') || r.Key == "101").ShouldBeTrue($"{name} declares no success");
            foreach (var (status, response) in responses)
                foreach (var (mediaType, media) in response!["content"]?.AsObject() ?? [])
                    media!["schema"].ShouldNotBeNull($"{name} {status} {mediaType} has no schema");

            var security = operation["security"]?.AsArray() ?? [];
            if (anonymous.Contains(name))
            {
                security.Count.ShouldBe(0, name);
                continue;
            }
            var required = security.ShouldHaveSingleItem(name)!.AsObject().Select(s => s.Key).ShouldHaveSingleItem(name);
            required.ShouldBe(path.StartsWith("/api/agent/") ? "agentSessionToken" : "userToken", name);
            responses.ContainsKey("401").ShouldBeTrue($"{name} needs a token but does not declare 401");
            foreach (var error in responses.Where(r => r.Key.StartsWith('4') || r.Key.StartsWith('5')))
                error.Value!["content"]!["application/problem+json"].ShouldNotBeNull($"{name} {error.Key} is not problem details");
        }
    }

    [Fact]
    public void Optional_body_fields_are_optional_and_required_ones_required()
    {
        var schemas = _document["components"]!["schemas"]!.AsObject();
        string[] Required(string schema) => [.. schemas[schema]!["required"]?.AsArray().Select(n => n!.GetValue<string>()) ?? []];

        Required("CreateRigBody").ShouldBe(["name", "gitUrl"], ignoreOrder: true);
        Required("MessageBody").ShouldBe(["message"]);
        Required("SlingBody").ShouldBe(["title"]);
        Required("EscalationBody").ShouldBe(["title"]);
        Required("DoneBody").ShouldBeEmpty();
        Required("CheckpointBody").ShouldBe(["data"]);
    }

    // Every operation answers only what the document declares, and each caller's operations together produce every
    // status they declare: one fact per caller (a user, a polecat, a town's mayor), each in a world of its own.

    [Fact]
    public async Task A_users_operations_answer_only_what_the_document_declares_and_produce_every_declared_status()
    {
        var (world, user, anonymous, stranger, missing) = await CallersAsync();
        var (t, quiet, busy) = (world.TownId, world.QuietRigId, world.BusyRigId);

        await CallAsync("GET", "/api/me", "/api/me", user, 200);
        await CallAsync("GET", "/api/me", "/api/me", anonymous, 401);

        await CallAsync("POST", "/api/towns", "/api/towns", user, 201, new { name = "beta" });
        await CallAsync("POST", "/api/towns", "/api/towns", user, 400, new { name = "" });
        await CallAsync("POST", "/api/towns", "/api/towns", anonymous, 401, new { name = "gamma" });
        await CallAsync("POST", "/api/towns", "/api/towns", user, 409, new { name = "alpha" });
        await CallAsync("POST", "/api/towns", "/api/towns", user, 415, content: Text("""{"name":"delta"}"""));

        await CallAsync("GET", "/api/towns", "/api/towns", user, 200);
        await CallAsync("GET", "/api/towns", "/api/towns", anonymous, 401);

        const string town = "/api/towns/{townId}";
        await CallAsync("GET", town, $"/api/towns/{t}", user, 200);
        await CallAsync("GET", town, "/api/towns/not-a-uuid", user, 400);
        await CallAsync("GET", town, $"/api/towns/{t}", anonymous, 401);
        await CallAsync("GET", town, $"/api/towns/{t}", stranger, 404);

        const string rigs = "/api/towns/{townId}/rigs";
        await CallAsync("POST", rigs, $"/api/towns/{t}/rigs", user, 201, new { name = "extra", gitUrl = ApiWorld.GitUrl, defaultBranch = "develop" });
        await CallAsync("POST", rigs, $"/api/towns/{t}/rigs", user, 400, new { name = "bad", gitUrl = "not a url" });
        await CallAsync("POST", rigs, $"/api/towns/{t}/rigs", anonymous, 401, new { name = "x", gitUrl = ApiWorld.GitUrl });
        await CallAsync("POST", rigs, $"/api/towns/{t}/rigs", stranger, 404, new { name = "x", gitUrl = ApiWorld.GitUrl });
        await CallAsync("POST", rigs, $"/api/towns/{t}/rigs", user, 409, new { name = "quiet", gitUrl = ApiWorld.GitUrl });
        await CallAsync("POST", rigs, $"/api/towns/{t}/rigs", user, 415, content: Text("{}"));

        // Messages go to a second town: its mayor gets dispatched, and the world's mayor must keep its generation.
        var other = (await user.PostJsonAsync("/api/towns", new { name = "mail-town" }, HttpStatusCode.Created)).Id();
        const string messages = "/api/towns/{townId}/messages";
        await CallAsync("POST", messages, $"/api/towns/{other}/messages", user, 202, new { message = "Hello, mayor." });
        await CallAsync("POST", messages, $"/api/towns/{other}/messages", user, 400, new { message = "" });
        await CallAsync("POST", messages, $"/api/towns/{other}/messages", anonymous, 401, new { message = "hi" });
        await CallAsync("POST", messages, $"/api/towns/{other}/messages", stranger, 404, new { message = "hi" });
        await CallAsync("POST", messages, $"/api/towns/{other}/messages", user, 415, content: Text("hi"));

        await world.MayorAsync();
        const string mayor = "/api/towns/{townId}/mayor";
        await CallAsync("GET", mayor, $"/api/towns/{t}/mayor", user, 200);
        await CallAsync("GET", mayor, "/api/towns/nope/mayor", user, 400);
        await CallAsync("GET", mayor, $"/api/towns/{t}/mayor", anonymous, 401);
        await CallAsync("GET", mayor, $"/api/towns/{t}/mayor", stranger, 404);

        var watched = await world.NewPolecatAsync();
        const string streamUrl = "/api/towns/{townId}/agents/{agentId}/stream-url";
        await CallAsync("GET", streamUrl, $"/api/towns/{t}/agents/{watched.AgentId}/stream-url", user, 200);
        await CallAsync("GET", streamUrl, $"/api/towns/{t}/agents/nope/stream-url", user, 400);
        await CallAsync("GET", streamUrl, $"/api/towns/{t}/agents/{watched.AgentId}/stream-url", anonymous, 401);
        await CallAsync("GET", streamUrl, $"/api/towns/{t}/agents/{missing}/stream-url", user, 404);

        await StreamCallsAsync(watched);

        const string rig = "/api/rigs/{rigId}";
        await CallAsync("GET", rig, $"/api/rigs/{quiet}", user, 200);
        await CallAsync("GET", rig, "/api/rigs/nope", user, 400);
        await CallAsync("GET", rig, $"/api/rigs/{quiet}", anonymous, 401);
        await CallAsync("GET", rig, $"/api/rigs/{quiet}", stranger, 404);

        const string beads = "/api/rigs/{rigId}/beads";
        await CallAsync("GET", beads, $"/api/rigs/{quiet}/beads?status=in_progress&limit=1", user, 200);
        await CallAsync("GET", beads, $"/api/rigs/{quiet}/beads?limit=0", user, 400);
        await CallAsync("GET", beads, $"/api/rigs/{quiet}/beads", anonymous, 401);
        await CallAsync("GET", beads, $"/api/rigs/{quiet}/beads", stranger, 404);

        const string bead = "/api/rigs/{rigId}/beads/{beadId}";
        await CallAsync("GET", bead, $"/api/rigs/{quiet}/beads/{watched.HookedBeadId}", user, 200);
        await CallAsync("GET", bead, $"/api/rigs/{quiet}/beads/nope", user, 400);
        await CallAsync("GET", bead, $"/api/rigs/{quiet}/beads/{watched.HookedBeadId}", anonymous, 401);
        await CallAsync("GET", bead, $"/api/rigs/{quiet}/beads/{missing}", user, 404);
        const string events = "/api/rigs/{rigId}/beads/{beadId}/events";
        await CallAsync("GET", events, $"/api/rigs/{quiet}/beads/{watched.HookedBeadId}/events", user, 200);
        await CallAsync("GET", events, $"/api/rigs/{quiet}/beads/nope/events", user, 400);
        await CallAsync("GET", events, $"/api/rigs/{quiet}/beads/{watched.HookedBeadId}/events", anonymous, 401);
        await CallAsync("GET", events, $"/api/rigs/{quiet}/beads/{missing}/events", user, 404);

        const string runs = "/api/rigs/{rigId}/beads/{beadId}/runs";
        var run = await world.AddRunAsync(quiet, watched.HookedBeadId!.Value);
        await CallAsync("GET", runs, $"/api/rigs/{quiet}/beads/{watched.HookedBeadId}/runs", user, 200);
        await CallAsync("GET", runs, $"/api/rigs/{quiet}/beads/nope/runs", user, 400);
        await CallAsync("GET", runs, $"/api/rigs/{quiet}/beads/{watched.HookedBeadId}/runs", anonymous, 401);
        await CallAsync("GET", runs, $"/api/rigs/{quiet}/beads/{missing}/runs", user, 404);

        const string transcript = "/api/rigs/{rigId}/beads/{beadId}/runs/{runId}/transcript";
        await CallAsync("GET", transcript, $"/api/rigs/{quiet}/beads/{watched.HookedBeadId}/runs/{run}/transcript?limit=50", user, 200);
        await CallAsync("GET", transcript, $"/api/rigs/{quiet}/beads/{watched.HookedBeadId}/runs/{run}/transcript?limit=0", user, 400);
        await CallAsync("GET", transcript, $"/api/rigs/{quiet}/beads/{watched.HookedBeadId}/runs/{run}/transcript", anonymous, 401);
        await CallAsync("GET", transcript, $"/api/rigs/{quiet}/beads/{watched.HookedBeadId}/runs/{missing}/transcript", user, 404);

        const string sling = "/api/rigs/{rigId}/sling";
        await CallAsync("POST", sling, $"/api/rigs/{busy}/sling", user, 201, new { title = "Fix the login", body = "It 500s.", model = "kilo/auto" });
        await CallAsync("POST", sling, $"/api/rigs/{busy}/sling", user, 400, new { title = "" });
        await CallAsync("POST", sling, $"/api/rigs/{busy}/sling", anonymous, 401, new { title = "x" });
        await CallAsync("POST", sling, $"/api/rigs/{busy}/sling", stranger, 404, new { title = "x" });

        // Review entries go to the busy rig (approving arms its alarm); nothing there can be cloned, so none merges.
        var (approvable, rejectable) = (await world.AddAwaitingReviewAsync(busy), await world.AddAwaitingReviewAsync(busy));
        const string reviewList = "/api/rigs/{rigId}/reviews";
        await CallAsync("GET", reviewList, $"/api/rigs/{busy}/reviews?status=awaiting_approval", user, 200);
        await CallAsync("GET", reviewList, $"/api/rigs/{busy}/reviews?status=finished", user, 400);
        await CallAsync("GET", reviewList, $"/api/rigs/{busy}/reviews", anonymous, 401);
        await CallAsync("GET", reviewList, $"/api/rigs/{busy}/reviews", stranger, 404);
        const string review = "/api/rigs/{rigId}/reviews/{reviewId}";
        await CallAsync("GET", review, $"/api/rigs/{busy}/reviews/{approvable}", user, 200);
        await CallAsync("GET", review, $"/api/rigs/{busy}/reviews/nope", user, 400);
        await CallAsync("GET", review, $"/api/rigs/{busy}/reviews/{approvable}", anonymous, 401);
        await CallAsync("GET", review, $"/api/rigs/{busy}/reviews/{missing}", user, 404);
        const string approve = "/api/rigs/{rigId}/reviews/{reviewId}/approve";
        await CallAsync("POST", approve, $"/api/rigs/{busy}/reviews/{approvable}/approve", user, 202);
        await CallAsync("POST", approve, $"/api/rigs/{busy}/reviews/{approvable}/approve", user, 409);
        await CallAsync("POST", approve, $"/api/rigs/{busy}/reviews/nope/approve", user, 400);
        await CallAsync("POST", approve, $"/api/rigs/{busy}/reviews/{approvable}/approve", anonymous, 401);
        await CallAsync("POST", approve, $"/api/rigs/{busy}/reviews/{missing}/approve", user, 404);
        const string reject = "/api/rigs/{rigId}/reviews/{reviewId}/reject";
        await CallAsync("POST", reject, $"/api/rigs/{busy}/reviews/{rejectable}/reject", user, 200, new { feedback = "Add a test." });
        await CallAsync("POST", reject, $"/api/rigs/{busy}/reviews/{rejectable}/reject", user, 409, new { feedback = "Again." });
        await CallAsync("POST", reject, $"/api/rigs/{busy}/reviews/{rejectable}/reject", user, 400, new { feedback = "" });
        await CallAsync("POST", reject, $"/api/rigs/{busy}/reviews/{rejectable}/reject", anonymous, 401, new { feedback = "x" });
        await CallAsync("POST", reject, $"/api/rigs/{busy}/reviews/{missing}/reject", user, 404, new { feedback = "x" });
        await CallAsync("POST", reject, $"/api/rigs/{busy}/reviews/{rejectable}/reject", user, 415, content: Text("{}"));
        const string townReviews = "/api/towns/{townId}/reviews";
        await CallAsync("GET", townReviews, $"/api/towns/{t}/reviews?status=changes_requested&limit=5", user, 200);
        await CallAsync("GET", townReviews, $"/api/towns/{t}/reviews?limit=0", user, 400);
        await CallAsync("GET", townReviews, $"/api/towns/{t}/reviews", anonymous, 401);
        await CallAsync("GET", townReviews, $"/api/towns/{t}/reviews", stranger, 404);
        await CallAsync("POST", sling, $"/api/rigs/{busy}/sling", user, 415, content: Text("x"));

        const string agents = "/api/rigs/{rigId}/agents";
        await CallAsync("GET", agents, $"/api/rigs/{quiet}/agents", user, 200);
        await CallAsync("GET", agents, "/api/rigs/nope/agents", user, 400);
        await CallAsync("GET", agents, $"/api/rigs/{quiet}/agents", anonymous, 401);
        await CallAsync("GET", agents, $"/api/rigs/{quiet}/agents", stranger, 404);

        await ManagementCallsAsync(stranger);

        await CallAsync("GET", "/health", "/health", anonymous, 200);

        // A server whose disk will not take a new store answers 503.
        await UnavailableCallsAsync();

        EveryDeclaredStatusWasProduced(path => !path.StartsWith("/api/agent/", StringComparison.Ordinal));
        _cursorSeen.ShouldBeTrue("no listing answered a next-page cursor");
    }

    [Fact]
    public async Task A_polecats_operations_answer_only_what_the_document_declares_and_produce_every_declared_status()
    {
        // A fresh polecat per operation, so no call changes what the next one sees; `watched` is another agent of the town.
        var (world, _, anonymous, _, missing) = await CallersAsync();
        var watched = await world.NewPolecatAsync();
        await AgentCallsAsync("GET", "/api/agent/{agentId}/prime", "prime", 200);
        await AgentCallsAsync("GET", "/api/agent/{agentId}/mail", "mail", 200);
        await AgentCallsAsync("POST", "/api/agent/{agentId}/heartbeat", "heartbeat", 200);
        await AgentCallsAsync("POST", "/api/agent/{agentId}/escalations", "escalations", 201,
            new { title = "Stuck", body = "The tests need a database.", priority = "high" }, bad: new { title = "" }, json: true);
        await AgentCallsAsync("POST", "/api/agent/{agentId}/checkpoint", "checkpoint", 200,
            new { data = new { step = 3 } }, bad: new { }, json: true);
        await AgentCallsAsync("POST", "/api/agent/{agentId}/status", "status", 200,
            new { message = "Running the tests" }, bad: new { message = "" }, json: true);

        const string status = "/api/agent/{agentId}/beads/{beadId}/status";
        var p = await world.NewPolecatAsync();
        await CallAsync("POST", status, $"/api/agent/{p.AgentId}/beads/{p.HookedBeadId}/status", p.Client, 200, new { status = "open" });
        await CallAsync("POST", status, $"/api/agent/{p.AgentId}/beads/{p.HookedBeadId}/status", p.Client, 400, new { status = "closed" });
        await CallAsync("POST", status, $"/api/agent/{p.AgentId}/beads/{p.HookedBeadId}/status", anonymous, 401, new { status = "open" });
        await CallAsync("POST", status, $"/api/agent/{watched.AgentId}/beads/{p.HookedBeadId}/status", p.Client, 403, new { status = "open" });
        await CallAsync("POST", status, $"/api/agent/{p.AgentId}/beads/{missing}/status", p.Client, 404, new { status = "open" });
        await CallAsync("POST", status, $"/api/agent/{p.AgentId}/beads/{p.HookedBeadId}/status", Stale(p), 409, new { status = "open" });
        await CallAsync("POST", status, $"/api/agent/{p.AgentId}/beads/{p.HookedBeadId}/status", p.Client, 415, content: Text("open"));

        const string close = "/api/agent/{agentId}/beads/{beadId}/close";
        p = await world.NewPolecatAsync();
        await CallAsync("POST", close, $"/api/agent/{p.AgentId}/beads/nope/close", p.Client, 400);
        await CallAsync("POST", close, $"/api/agent/{p.AgentId}/beads/{p.HookedBeadId}/close", world.UserClient, 401);
        await CallAsync("POST", close, $"/api/agent/{watched.AgentId}/beads/{p.HookedBeadId}/close", p.Client, 403);
        await CallAsync("POST", close, $"/api/agent/{p.AgentId}/beads/{missing}/close", p.Client, 404);
        await CallAsync("POST", close, $"/api/agent/{p.AgentId}/beads/{p.HookedBeadId}/close", Stale(p), 409);
        await CallAsync("POST", close, $"/api/agent/{p.AgentId}/beads/{p.HookedBeadId}/close", p.Client, 200);

        const string mail = "/api/agent/{agentId}/mail";
        p = await world.NewPolecatAsync();
        await CallAsync("POST", mail, $"/api/agent/{p.AgentId}/mail", p.Client, 200, new { to = watched.Identity, subject = "Schema", body = "Changed." });
        await CallAsync("POST", mail, $"/api/agent/{p.AgentId}/mail", p.Client, 400, new { to = "", subject = "", body = "" });
        await CallAsync("POST", mail, $"/api/agent/{p.AgentId}/mail", anonymous, 401, new { to = "x", subject = "s", body = "b" });
        await CallAsync("POST", mail, $"/api/agent/{watched.AgentId}/mail", p.Client, 403, new { to = "x", subject = "s", body = "b" });
        await CallAsync("POST", mail, $"/api/agent/{p.AgentId}/mail", p.Client, 404, new { to = "nobody", subject = "s", body = "b" });
        await CallAsync("POST", mail, $"/api/agent/{p.AgentId}/mail", Stale(p), 409, new { to = watched.Identity, subject = "s", body = "b" });
        await CallAsync("POST", mail, $"/api/agent/{p.AgentId}/mail", p.Client, 415, content: Text("hi"));

        // done arms the rig's alarm (the review queue), so it runs in a rig of its own.
        const string done = "/api/agent/{agentId}/done";
        var finishing = await world.NewPolecatAsync(rigId: await world.CreateRigAsync("finishing"));
        p = await world.NewPolecatAsync(hooked: false);
        await CallAsync("POST", done, $"/api/agent/{finishing.AgentId}/done", finishing.Client, 400, new { branch = "no..dots" });
        await CallAsync("POST", done, $"/api/agent/{finishing.AgentId}/done", anonymous, 401, new { });
        await CallAsync("POST", done, $"/api/agent/{watched.AgentId}/done", finishing.Client, 403, new { });
        await CallAsync("POST", done, $"/api/agent/{p.AgentId}/done", p.Client, 409, new { summary = "Nothing hooked." });
        var goneAgent = Gone();
        await CallAsync("POST", done, $"/api/agent/{goneAgent.AgentId}/done", goneAgent.Client, 404, new { summary = "Its rig was deleted." });
        await CallAsync("POST", done, $"/api/agent/{finishing.AgentId}/done", finishing.Client, 415, content: Text("done"));
        await CallAsync("POST", done, $"/api/agent/{finishing.AgentId}/done", finishing.Client, 200, new { summary = "Added a greeting." });

        const string noChanges = "/api/agent/{agentId}/done/no-changes";
        var unneeded = await world.NewPolecatAsync(rigId: await world.CreateRigAsync("unneeded"));
        await CallAsync("POST", noChanges, $"/api/agent/{unneeded.AgentId}/done/no-changes", unneeded.Client, 400, new { });
        await CallAsync("POST", noChanges, $"/api/agent/{unneeded.AgentId}/done/no-changes", anonymous, 401, new { summary = "s" });
        await CallAsync("POST", noChanges, $"/api/agent/{watched.AgentId}/done/no-changes", unneeded.Client, 403, new { summary = "s" });
        await CallAsync("POST", noChanges, $"/api/agent/{p.AgentId}/done/no-changes", p.Client, 409, new { summary = "Nothing hooked." });
        await CallAsync("POST", noChanges, $"/api/agent/{goneAgent.AgentId}/done/no-changes", goneAgent.Client, 404, new { summary = "Its rig was deleted." });
        await CallAsync("POST", noChanges, $"/api/agent/{unneeded.AgentId}/done/no-changes", unneeded.Client, 415, content: Text("done"));
        await CallAsync("POST", noChanges, $"/api/agent/{unneeded.AgentId}/done/no-changes", unneeded.Client, 200, new { summary = "Already there." });

        EveryDeclaredStatusWasProduced(path => path.StartsWith("/api/agent/", StringComparison.Ordinal) && !IsMayorTool(path));
    }

    [Fact]
    public async Task A_mayors_tools_answer_only_what_the_document_declares_and_produce_every_declared_status()
    {
        var (world, user, anonymous, _, missing) = await CallersAsync();
        var (quiet, busy) = (world.QuietRigId, world.BusyRigId);
        var other = (await user.PostJsonAsync("/api/towns", new { name = "elsewhere" }, HttpStatusCode.Created)).Id();
        var m = await world.MayorAsync();
        var polecat = await world.NewPolecatAsync();
        var staleMayor = world.AgentClient(m.AgentId, m.StoreId, generation: 7);
        foreach (var (template, suffix) in new[]
                 {
                     ("/api/agent/{agentId}/town/rigs", "town/rigs"),
                     ("/api/agent/{agentId}/town/rigs/{rigId}/beads", $"town/rigs/{quiet}/beads"),
                     ("/api/agent/{agentId}/town/rigs/{rigId}/agents", $"town/rigs/{quiet}/agents"),
                 })
        {
            await CallAsync("GET", template, $"/api/agent/{m.AgentId}/{suffix}", m.Client, 200);
            await CallAsync("GET", template, $"/api/agent/nope/{suffix}", m.Client, 400);
            await CallAsync("GET", template, $"/api/agent/{m.AgentId}/{suffix}", anonymous, 401);
            await CallAsync("GET", template, $"/api/agent/{polecat.AgentId}/{suffix}", polecat.Client, 403);
            await CallAsync("GET", template, $"/api/agent/{m.AgentId}/{suffix}", staleMayor, 409);
            var goneMayor = Gone();
            await CallAsync("GET", template, $"/api/agent/{goneMayor.AgentId}/{suffix}", goneMayor.Client, 404);
        }
        await CallAsync("GET", "/api/agent/{agentId}/town/rigs/{rigId}/beads", $"/api/agent/{m.AgentId}/town/rigs/{quiet}/beads?cursor=nope", m.Client, 400);
        await CallAsync("GET", "/api/agent/{agentId}/town/rigs/{rigId}/beads", $"/api/agent/{m.AgentId}/town/rigs/{other}/beads", m.Client, 403);

        const string mayorSling = "/api/agent/{agentId}/town/rigs/{rigId}/sling";
        await CallAsync("POST", mayorSling, $"/api/agent/{m.AgentId}/town/rigs/{busy}/sling", m.Client, 201, new { title = "Write the docs" });
        await CallAsync("POST", mayorSling, $"/api/agent/{m.AgentId}/town/rigs/{busy}/sling", m.Client, 400, new { title = "" });
        await CallAsync("POST", mayorSling, $"/api/agent/{m.AgentId}/town/rigs/{busy}/sling", anonymous, 401, new { title = "x" });
        await CallAsync("POST", mayorSling, $"/api/agent/{polecat.AgentId}/town/rigs/{busy}/sling", polecat.Client, 403, new { title = "x" });
        await CallAsync("POST", mayorSling, $"/api/agent/{m.AgentId}/town/rigs/{busy}/sling", staleMayor, 409, new { title = "x" });
        var goneSlinger = Gone();
        await CallAsync("POST", mayorSling, $"/api/agent/{goneSlinger.AgentId}/town/rigs/{busy}/sling", goneSlinger.Client, 404, new { title = "x" });
        await CallAsync("POST", mayorSling, $"/api/agent/{m.AgentId}/town/rigs/{busy}/sling", m.Client, 415, content: Text("x"));

        const string replies = "/api/agent/{agentId}/town/replies";
        await CallAsync("POST", replies, $"/api/agent/{m.AgentId}/town/replies", m.Client, 200, new { message = "The docs are slung." });
        await CallAsync("POST", replies, $"/api/agent/{m.AgentId}/town/replies", m.Client, 400, new { message = "" });
        await CallAsync("POST", replies, $"/api/agent/{m.AgentId}/town/replies", anonymous, 401, new { message = "x" });
        await CallAsync("POST", replies, $"/api/agent/{polecat.AgentId}/town/replies", polecat.Client, 403, new { message = "x" });
        await CallAsync("POST", replies, $"/api/agent/{m.AgentId}/town/replies", m.Client, 404, new { message = "x", inReplyTo = missing });
        await CallAsync("POST", replies, $"/api/agent/{m.AgentId}/town/replies", staleMayor, 409, new { message = "x" });
        await CallAsync("POST", replies, $"/api/agent/{m.AgentId}/town/replies", m.Client, 415, content: Text("x"));

        EveryDeclaredStatusWasProduced(IsMayorTool);
    }

    private static bool IsMayorTool(string path) => path.StartsWith("/api/agent/{agentId}/town/", StringComparison.Ordinal);

    /// <summary>The world, its owner, no one, another user (bob), and an id that names nothing.</summary>
    private async Task<(ApiWorld World, HttpClient User, HttpClient Anonymous, HttpClient Stranger, Guid Missing)> CallersAsync()
    {
        var (_, stranger) = await _world.App.SignInNewUserAsync("bob");
        return (_world, _world.UserClient, _world.App.CreateAnonymousClient(), stranger, Guid.NewGuid());
    }

    /// <summary>Each status the matching operations declare was answered by some call.</summary>
    private void EveryDeclaredStatusWasProduced(Func<string, bool> paths)
    {
        foreach (var (path, method, operation) in Operations().Where(operation => paths(operation.Path)))
        {
            var name = $"{method} {path}";
            var produced = _produced.GetValueOrDefault(name) ?? [];
            foreach (var declared in operation["responses"]!.AsObject().Select(r => int.Parse(r.Key)))
                if (!produced.Contains(declared)) _failures.Add($"{name}: declares {declared} but no request produced it");
        }
        _failures.ShouldBeEmpty(string.Join("\n", _failures));
    }

    [Fact]
    public void The_check_refuses_an_undeclared_status_media_type_or_body()
    {
        Check("GET", "/api/me", "/api/me", 418, "application/problem+json", """{"status":418}""", 418);
        Check("GET", "/api/me", "/api/me", 200, "text/plain", "hello", 200);
        Check("GET", "/api/me", "/api/me", 200, "application/json", """{"id":5}""", 200);
        Check("GET", "/api/rigs/{rigId}/agents", "/api/rigs/x/agents", 200, "application/json", """[{"id":"not-a-uuid-but-a-string","role":1}]""", 200);
        Check("GET", "/api/nowhere", "/api/nowhere", 200, "application/json", "{}", 200);
        Check("GET", "/api/me", "/api/me", 200, "application/json", $$"""{"id":"{{Guid.NewGuid()}}"}""", 200);

        _failures.Count.ShouldBe(5, string.Join("\n", _failures));
    }

    private HttpClient Stale(AgentSession session) => _world.AgentClient(session.AgentId, session.StoreId, generation: 0);

    /// <summary>A still-valid token of an agent whose town (its store) has been deleted, and that agent's id.</summary>
    private (Guid AgentId, HttpClient Client) Gone()
    {
        var (agentId, townId) = (Guid.NewGuid(), Guid.NewGuid());
        var token = _world.App.Services.GetRequiredService<Gastown.Application.Common.Ports.IAgentTokens>()
            .Issue(new Gastown.Application.Common.Security.AgentClaims(agentId, townId, townId, _world.User.Id, 1));
        return (agentId, _world.App.CreateClientWithToken(token));
    }

    /// <summary>The calls every agent-self operation shares: happy, 400 (a bad id or body), 401, 403, 409, and 415 for a body.</summary>
    private async Task AgentCallsAsync(string method, string template, string suffix, int success, object? body = null, object? bad = null, bool json = false)
    {
        var p = await _world.NewPolecatAsync();
        var other = await _world.NewPolecatAsync();
        var path = $"/api/agent/{p.AgentId}/{suffix}";
        await CallAsync(method, template, path, p.Client, success, body);
        if (bad is null) await CallAsync(method, template, $"/api/agent/nope/{suffix}", p.Client, 400, body);
        else await CallAsync(method, template, path, p.Client, 400, bad);
        await CallAsync(method, template, path, _world.App.CreateAnonymousClient(), 401, body);
        await CallAsync(method, template, $"/api/agent/{other.AgentId}/{suffix}", p.Client, 403, body);
        await CallAsync(method, template, path, Stale(p), 409, body);
        var gone = Gone();
        await CallAsync(method, template, $"/api/agent/{gone.AgentId}/{suffix}", gone.Client, 404, body);
        if (json) await CallAsync(method, template, path, p.Client, 415, content: Text("x"));
    }

    /// <summary>
    /// Town and rig management. What it deletes, resets or re-queues lives in towns and rigs of its own (a released
    /// agent arms its rig's alarm), so the quiet rig's agents keep their generations for the agent plane's calls.
    /// </summary>
    private async Task ManagementCallsAsync(HttpClient stranger)
    {
        var (user, anonymous) = (_world.UserClient, _world.App.CreateAnonymousClient());
        var (t, busy, missing) = (_world.TownId, _world.BusyRigId, Guid.NewGuid());

        const string town = "/api/towns/{townId}";
        var renamed = (await user.PostJsonAsync("/api/towns", new { name = "to-rename" }, HttpStatusCode.Created)).Id();
        await CallAsync("PATCH", town, $"/api/towns/{renamed}", user, 200, new { name = "renamed" });
        await CallAsync("PATCH", town, $"/api/towns/{renamed}", user, 400, new { name = "" });
        await CallAsync("PATCH", town, $"/api/towns/{renamed}", anonymous, 401, new { name = "x" });
        await CallAsync("PATCH", town, $"/api/towns/{renamed}", stranger, 404, new { name = "x" });
        await CallAsync("PATCH", town, $"/api/towns/{renamed}", user, 409, new { name = "alpha" });
        await CallAsync("PATCH", town, $"/api/towns/{renamed}", user, 415, content: Text("""{"name":"x"}"""));

        // A town with a rig has a store to clean up in the background (202); an empty one has nothing left (204).
        var doomed = (await user.PostJsonAsync("/api/towns", new { name = "doomed" }, HttpStatusCode.Created)).Id();
        await user.PostJsonAsync($"/api/towns/{doomed}/rigs", new { name = "web", gitUrl = ApiWorld.GitUrl }, HttpStatusCode.Created);
        var empty = (await user.PostJsonAsync("/api/towns", new { name = "empty" }, HttpStatusCode.Created)).Id();
        await CallAsync("DELETE", town, "/api/towns/not-a-uuid", user, 400);
        await CallAsync("DELETE", town, $"/api/towns/{doomed}", anonymous, 401);
        await CallAsync("DELETE", town, $"/api/towns/{doomed}", stranger, 404);
        await CallAsync("DELETE", town, $"/api/towns/{doomed}", user, 202);
        await CallAsync("DELETE", town, $"/api/towns/{empty}", user, 204);

        const string config = "/api/towns/{townId}/config";
        await CallAsync("GET", config, $"/api/towns/{t}/config", user, 200);
        await CallAsync("GET", config, "/api/towns/not-a-uuid/config", user, 400);
        await CallAsync("GET", config, $"/api/towns/{t}/config", anonymous, 401);
        await CallAsync("GET", config, $"/api/towns/{t}/config", stranger, 404);

        var configured = new
        {
            defaultModel = "kilo/auto", maxPolecatsPerRig = 3, agents = new { mayor = new { preset = "demo" } },
            endpoints = new { openai = new { baseUrl = "https://models.example.com/v1", apiKey = "sk-contract" } },
            envVars = new { NPM_TOKEN = "npm-contract" }, git = new { username = "bot", token = "ghp-contract" },
        };
        await CallAsync("PATCH", config, $"/api/towns/{renamed}/config", user, 200, configured);
        await CallAsync("PATCH", config, $"/api/towns/{renamed}/config", user, 400, new { maxPolecatsPerRig = 0 });
        await CallAsync("PATCH", config, $"/api/towns/{renamed}/config", anonymous, 401, new { defaultModel = "x" });
        await CallAsync("PATCH", config, $"/api/towns/{renamed}/config", stranger, 404, new { defaultModel = "x" });
        await CallAsync("PATCH", config, $"/api/towns/{renamed}/config", user, 415, content: Text("{}"));

        const string rigs = "/api/towns/{townId}/rigs";
        await CallAsync("GET", rigs, $"/api/towns/{t}/rigs", user, 200);
        await CallAsync("GET", rigs, "/api/towns/not-a-uuid/rigs", user, 400);
        await CallAsync("GET", rigs, $"/api/towns/{t}/rigs", anonymous, 401);
        await CallAsync("GET", rigs, $"/api/towns/{t}/rigs", stranger, 404);

        const string townEvents = "/api/towns/{townId}/events";
        await CallAsync("GET", townEvents, $"/api/towns/{t}/events?limit=20", user, 200);
        await CallAsync("GET", townEvents, $"/api/towns/{t}/events?limit=0", user, 400);
        await CallAsync("GET", townEvents, $"/api/towns/{t}/events", anonymous, 401);
        await CallAsync("GET", townEvents, $"/api/towns/{t}/events", stranger, 404);

        // Convoys (issue 23), in a town of their own.
        var ct = (await user.PostJsonAsync("/api/towns", new { name = "convoy-town" }, HttpStatusCode.Created)).Id();
        var convoyRig = (await user.PostJsonAsync($"/api/towns/{ct}/rigs", new { name = "web", gitUrl = ApiWorld.GitUrl }, HttpStatusCode.Created)).Id();
        var plan = new { title = "Plan", tasks = new object[] { new { rig = "web", title = "A" }, new { rig = "web", title = "B", dependsOn = new[] { 0 } } }, staged = true };
        const string convoys = "/api/towns/{townId}/convoys";
        await CallAsync("POST", convoys, $"/api/towns/{ct}/convoys", user, 201, plan);
        await CallAsync("POST", convoys, $"/api/towns/{ct}/convoys", user, 400, new { title = "Bad", tasks = new object[] { new { rig = "web", title = "A", dependsOn = new[] { 0 } } } });
        await CallAsync("POST", convoys, $"/api/towns/{ct}/convoys", anonymous, 401, plan);
        await CallAsync("POST", convoys, $"/api/towns/{ct}/convoys", stranger, 404, plan);
        await CallAsync("POST", convoys, $"/api/towns/{ct}/convoys", user, 415, content: Text("{}"));
        await CallAsync("GET", convoys, $"/api/towns/{ct}/convoys?status=staged", user, 200);
        await CallAsync("GET", convoys, $"/api/towns/{ct}/convoys?status=sideways", user, 400);
        await CallAsync("GET", convoys, $"/api/towns/{ct}/convoys", anonymous, 401);
        await CallAsync("GET", convoys, $"/api/towns/{ct}/convoys", stranger, 404);
        var convoy = (await user.PostJsonAsync($"/api/towns/{ct}/convoys", plan, HttpStatusCode.Created)).Id();
        var loose = (await user.PostJsonAsync($"/api/rigs/{convoyRig}/sling", new { title = "Loose" }, HttpStatusCode.Created)).GetProperty("bead").Id();

        const string oneConvoy = "/api/towns/{townId}/convoys/{convoyId}";
        await CallAsync("GET", oneConvoy, $"/api/towns/{ct}/convoys/{convoy}", user, 200);
        await CallAsync("GET", oneConvoy, $"/api/towns/{ct}/convoys/nope", user, 400);
        await CallAsync("GET", oneConvoy, $"/api/towns/{ct}/convoys/{convoy}", anonymous, 401);
        await CallAsync("GET", oneConvoy, $"/api/towns/{ct}/convoys/{missing}", user, 404);

        const string convoyBeads = "/api/towns/{townId}/convoys/{convoyId}/beads";
        await CallAsync("POST", convoyBeads, $"/api/towns/{ct}/convoys/{convoy}/beads", user, 200, new { beadId = loose });
        await CallAsync("POST", convoyBeads, $"/api/towns/{ct}/convoys/{convoy}/beads", user, 400, new { beadId = Guid.Empty });
        await CallAsync("POST", convoyBeads, $"/api/towns/{ct}/convoys/{convoy}/beads", anonymous, 401, new { beadId = loose });
        await CallAsync("POST", convoyBeads, $"/api/towns/{ct}/convoys/{convoy}/beads", user, 404, new { beadId = missing });
        await CallAsync("POST", convoyBeads, $"/api/towns/{ct}/convoys/{convoy}/beads", user, 409, new { beadId = loose });
        await CallAsync("POST", convoyBeads, $"/api/towns/{ct}/convoys/{convoy}/beads", user, 415, content: Text("{}"));

        const string convoyBead = "/api/towns/{townId}/convoys/{convoyId}/beads/{beadId}";
        await CallAsync("DELETE", convoyBead, $"/api/towns/{ct}/convoys/{convoy}/beads/nope", user, 400);
        await CallAsync("DELETE", convoyBead, $"/api/towns/{ct}/convoys/{convoy}/beads/{loose}", anonymous, 401);
        await CallAsync("DELETE", convoyBead, $"/api/towns/{ct}/convoys/{convoy}/beads/{loose}", user, 200);
        await CallAsync("DELETE", convoyBead, $"/api/towns/{ct}/convoys/{convoy}/beads/{loose}", user, 404);

        const string start = "/api/towns/{townId}/convoys/{convoyId}/start";
        await CallAsync("POST", start, $"/api/towns/{ct}/convoys/nope/start", user, 400);
        await CallAsync("POST", start, $"/api/towns/{ct}/convoys/{convoy}/start", anonymous, 401);
        await CallAsync("POST", start, $"/api/towns/{ct}/convoys/{missing}/start", user, 404);
        await CallAsync("POST", start, $"/api/towns/{ct}/convoys/{convoy}/start", user, 200);
        await CallAsync("POST", start, $"/api/towns/{ct}/convoys/{convoy}/start", user, 409);

        const string close = "/api/towns/{townId}/convoys/{convoyId}/close";
        await CallAsync("POST", close, $"/api/towns/{ct}/convoys/nope/close", user, 400);
        await CallAsync("POST", close, $"/api/towns/{ct}/convoys/{convoy}/close", anonymous, 401);
        await CallAsync("POST", close, $"/api/towns/{ct}/convoys/{convoy}/close", stranger, 404);
        await CallAsync("POST", close, $"/api/towns/{ct}/convoys/{convoy}/close", user, 200);
        await CallAsync("POST", close, $"/api/towns/{ct}/convoys/{convoy}/close", user, 409);
        await CallAsync("DELETE", convoyBead, $"/api/towns/{ct}/convoys/{convoy}/beads/{loose}", user, 409);

        const string rig = "/api/rigs/{rigId}";
        var tuned = await _world.CreateRigAsync("tuned");
        await CallAsync("PATCH", rig, $"/api/rigs/{tuned}", user, 200, new { name = "tuned-2", maxPolecats = 2 });
        await CallAsync("PATCH", rig, $"/api/rigs/{tuned}", user, 400, new { maxPolecats = 99 });
        await CallAsync("PATCH", rig, $"/api/rigs/{tuned}", anonymous, 401, new { maxPolecats = 2 });
        await CallAsync("PATCH", rig, $"/api/rigs/{tuned}", stranger, 404, new { maxPolecats = 2 });
        await CallAsync("PATCH", rig, $"/api/rigs/{tuned}", user, 409, new { name = "quiet" });
        await CallAsync("PATCH", rig, $"/api/rigs/{tuned}", user, 415, content: Text("{}"));

        await CallAsync("DELETE", rig, "/api/rigs/nope", user, 400);
        await CallAsync("DELETE", rig, $"/api/rigs/{tuned}", anonymous, 401);
        await CallAsync("DELETE", rig, $"/api/rigs/{tuned}", stranger, 404);
        await CallAsync("DELETE", rig, $"/api/rigs/{tuned}", user, 202);

        // The busy rig has slung work, so its alarm has a next tick and its status real content.
        const string alarm = "/api/rigs/{rigId}/alarm";
        await CallAsync("GET", alarm, $"/api/rigs/{busy}/alarm", user, 200);
        await CallAsync("GET", alarm, "/api/rigs/nope/alarm", user, 400);
        await CallAsync("GET", alarm, $"/api/rigs/{busy}/alarm", anonymous, 401);
        await CallAsync("GET", alarm, $"/api/rigs/{busy}/alarm", stranger, 404);

        var managed = await _world.CreateRigAsync("managed");
        var r = $"/api/rigs/{managed}";

        const string bead = "/api/rigs/{rigId}/beads/{beadId}";
        var edited = await _world.NewPolecatAsync(rigId: managed);
        await CallAsync("PATCH", bead, $"{r}/beads/{edited.HookedBeadId}", user, 200, new { title = "Fix the login form", priority = "high", labels = new[] { "ui" } });
        await CallAsync("PATCH", bead, $"{r}/beads/{edited.HookedBeadId}", user, 400, new { priority = "whenever" });
        await CallAsync("PATCH", bead, $"{r}/beads/{edited.HookedBeadId}", anonymous, 401, new { title = "x" });
        await CallAsync("PATCH", bead, $"{r}/beads/{missing}", user, 404, new { title = "x" });
        await CallAsync("PATCH", bead, $"{r}/beads/{edited.HookedBeadId}", user, 415, content: Text("{}"));

        await CallAsync("DELETE", bead, $"{r}/beads/nope", user, 400);
        await CallAsync("DELETE", bead, $"{r}/beads/{edited.HookedBeadId}", anonymous, 401);
        await CallAsync("DELETE", bead, $"{r}/beads/{edited.HookedBeadId}", stranger, 404);
        await CallAsync("DELETE", bead, $"{r}/beads/{edited.HookedBeadId}", user, 204);

        const string cancel = "/api/rigs/{rigId}/beads/{beadId}/cancel";
        var cancelled = await _world.NewPolecatAsync(rigId: managed);
        await CallAsync("POST", cancel, $"{r}/beads/nope/cancel", user, 400);
        await CallAsync("POST", cancel, $"{r}/beads/{cancelled.HookedBeadId}/cancel", anonymous, 401);
        await CallAsync("POST", cancel, $"{r}/beads/{missing}/cancel", user, 404);
        await CallAsync("POST", cancel, $"{r}/beads/{cancelled.HookedBeadId}/cancel", user, 200);
        await CallAsync("POST", cancel, $"{r}/beads/{cancelled.HookedBeadId}/cancel", user, 409);

        const string retry = "/api/rigs/{rigId}/beads/{beadId}/retry";
        var escalated = await _world.NewEscalatedBeadAsync(managed);
        await CallAsync("POST", retry, $"{r}/beads/nope/retry", user, 400);
        await CallAsync("POST", retry, $"{r}/beads/{escalated}/retry", anonymous, 401);
        await CallAsync("POST", retry, $"{r}/beads/{escalated}/retry", stranger, 404);
        await CallAsync("POST", retry, $"{r}/beads/{cancelled.HookedBeadId}/retry", user, 409);
        await CallAsync("POST", retry, $"{r}/beads/{escalated}/retry", user, 200);

        // Hold and release (issue 23): the other rig's route for a bead elsewhere is the same 404 as a stranger's.
        foreach (var action in new[] { "hold", "release" })
        {
            var route = $"/api/rigs/{{rigId}}/beads/{{beadId}}/{action}";
            await CallAsync("POST", route, $"{r}/beads/nope/{action}", user, 400);
            await CallAsync("POST", route, $"{r}/beads/{escalated}/{action}", anonymous, 401);
            await CallAsync("POST", route, $"{r}/beads/{escalated}/{action}", stranger, 404);
            await CallAsync("POST", route, $"{r}/beads/{cancelled.HookedBeadId}/{action}", user, 409);
            await CallAsync("POST", route, $"{r}/beads/{escalated}/{action}", user, 200);
        }

        const string reset = "/api/rigs/{rigId}/agents/{agentId}/reset";
        var stuck = await _world.NewPolecatAsync(rigId: managed);
        await CallAsync("POST", reset, $"{r}/agents/nope/reset", user, 400);
        await CallAsync("POST", reset, $"{r}/agents/{stuck.AgentId}/reset", anonymous, 401);
        await CallAsync("POST", reset, $"{r}/agents/{missing}/reset", user, 404);
        await CallAsync("POST", reset, $"{r}/agents/{stuck.AgentId}/reset", user, 200);

        const string nudge = "/api/rigs/{rigId}/agents/{agentId}/nudge";
        var nudged = await _world.NewPolecatAsync(rigId: managed);
        await CallAsync("POST", nudge, $"{r}/agents/{nudged.AgentId}/nudge", user, 400, new { message = "" });
        await CallAsync("POST", nudge, $"{r}/agents/{nudged.AgentId}/nudge", anonymous, 401, new { message = "hi" });
        await CallAsync("POST", nudge, $"{r}/agents/{missing}/nudge", user, 404, new { message = "hi" });
        await CallAsync("POST", nudge, $"{r}/agents/{nudged.AgentId}/nudge", user, 415, content: Text("hi"));
        await CallAsync("POST", nudge, $"{r}/agents/{nudged.AgentId}/nudge", user, 200, new { message = "Check the tests." });

        const string agent = "/api/rigs/{rigId}/agents/{agentId}";
        await CallAsync("DELETE", agent, $"{r}/agents/nope", user, 400);
        await CallAsync("DELETE", agent, $"{r}/agents/{stuck.AgentId}", anonymous, 401);
        await CallAsync("DELETE", agent, $"{r}/agents/{stuck.AgentId}", stranger, 404);
        await CallAsync("DELETE", agent, $"{r}/agents/{stuck.AgentId}", user, 204);
    }

    /// <summary>The WebSocket route: 101 for a good ticket, and its refusals before the upgrade.</summary>
    private async Task StreamCallsAsync(AgentSession watched)
    {
        const string template = "/api/towns/{townId}/agents/{agentId}/stream";
        var streamPath = $"/api/towns/{_world.TownId}/agents/{watched.AgentId}/stream";
        async Task<string> TicketAsync(Guid agentId) =>
            (await _world.UserClient.GetJsonAsync($"/api/towns/{_world.TownId}/agents/{agentId}/stream-url")).Str("ticket");

        using (var socket = new ClientWebSocket())
        {
            socket.Options.CollectHttpResponseDetails = true;
            var uri = new UriBuilder(_world.App.BaseAddress) { Scheme = "ws", Path = streamPath, Query = $"ticket={Uri.EscapeDataString(await TicketAsync(watched.AgentId))}" }.Uri;
            await socket.ConnectAsync(uri, Json.Ct);
            Check("GET", template, streamPath, (int)socket.HttpStatusCode, null, "", 101);
            socket.Abort();
        }

        var anonymous = _world.App.CreateAnonymousClient();
        await CallAsync("GET", template, $"{streamPath}?ticket={await TicketAsync(watched.AgentId)}", anonymous, 400);
        await CallAsync("GET", template, streamPath, anonymous, 401, upgrade: true);
        var someoneElse = await _world.NewPolecatAsync();
        await CallAsync("GET", template, $"{streamPath}?ticket={Uri.EscapeDataString(await TicketAsync(someoneElse.AgentId))}", anonymous, 403, upgrade: true);
    }

    /// <summary>A second server whose ledgers folder is a file: no store can be created, so createRig and sendMessage answer 503.</summary>
    private async Task UnavailableCallsAsync()
    {
        await using var app = new GastownApp();
        var (_, user) = await app.SignInNewUserAsync("carol");
        var townId = (await user.PostJsonAsync("/api/towns", new { name = "broken" }, HttpStatusCode.Created)).Id();
        var ledgers = Path.Combine(app.DataDir, "ledgers");
        if (Directory.Exists(ledgers)) Directory.Delete(ledgers, recursive: true);
        await File.WriteAllTextAsync(ledgers, "not a folder", Json.Ct);

        await CallAsync("POST", "/api/towns/{townId}/rigs", $"/api/towns/{townId}/rigs", user, 503, new { name = "web", gitUrl = ApiWorld.GitUrl });
        await CallAsync("POST", "/api/towns/{townId}/messages", $"/api/towns/{townId}/messages", user, 503, new { message = "Hello?" });
    }

    private async Task CallAsync(
        string method, string template, string path, HttpClient client, int expected, object? body = null, HttpContent? content = null, bool upgrade = false)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content ?? (body is null ? null : JsonContent.Create(body)) };
        if (upgrade)
        {
            request.Headers.Connection.Add("Upgrade");
            request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
            request.Headers.Add("Sec-WebSocket-Version", "13");
            request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        }
        using var response = await client.SendAsync(request, Json.Ct);
        var text = await response.Content.ReadAsStringAsync(Json.Ct);
        Check(method, template, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, expected);

        // Gastown's own headers (a page's cursor) are part of the contract too.
        if (response.Headers.Contains("X-Next-Cursor"))
        {
            _cursorSeen = true;
            if (_document["paths"]?[template]?[method.ToLowerInvariant()]?["responses"]?[((int)response.StatusCode).ToString()]?["headers"]?["X-Next-Cursor"] is null)
                _failures.Add($"{method} {path}: answered an X-Next-Cursor header the document does not declare");
        }
    }

    private bool _cursorSeen;

    /// <summary>Holds one answer against the document: a declared status, a declared media type, a body of the declared schema.</summary>
    private void Check(string method, string template, string path, int status, string? mediaType, string body, int expected)
    {
        var name = $"{method} {template}";
        var call = $"{method} {path} → {status}";
        if (status != expected) _failures.Add($"{call}: expected {expected}. {Short(body)}");

        var operation = _document["paths"]?[template]?[method.ToLowerInvariant()];
        if (operation is null)
        {
            _failures.Add($"{call}: the document has no operation {name}");
            return;
        }
        (_produced.TryGetValue(name, out var produced) ? produced : _produced[name] = []).Add(status);

        var response = operation["responses"]?[status.ToString()];
        if (response is null)
        {
            _failures.Add($"{call}: status {status} is not declared for {name}. {Short(body)}");
            return;
        }
        var content = response["content"]?.AsObject();
        if (content is null || content.Count == 0)
        {
            if (body.Length > 0) _failures.Add($"{call}: declared without a body, answered {Short(body)}");
            return;
        }
        if (mediaType is null || content[mediaType] is not { } media)
        {
            _failures.Add($"{call}: media type '{mediaType}' is not declared ({string.Join(", ", content.Select(c => c.Key))})");
            return;
        }

        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            _failures.Add($"{call}: the body is not JSON: {Short(body)}");
            return;
        }
        var schema = Schema($"{name} {status} {mediaType}", media["schema"]!);
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is not null)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
            _failures.Add($"{call}: the body does not match the declared schema: {string.Join("; ", errors)}. {Short(body)}");
        }
    }

    /// <summary>The declared schema as JSON Schema 2020-12 (what OpenAPI 3.1 schemas are), its references into $defs.</summary>
    private JsonSchema Schema(string key, JsonNode declared)
    {
        if (_schemas.TryGetValue(key, out var cached)) return cached;
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://gastown.test/contract/{_schemas.Count}/{Guid.NewGuid():N}",
            ["$defs"] = _document["components"]!["schemas"]!.DeepClone(),
            ["allOf"] = new JsonArray(declared.DeepClone()),
        };
        var text = root.ToJsonString().Replace("#/components/schemas/", "#/$defs/");
        return _schemas[key] = JsonSchema.FromText(text);
    }

    private static StringContent Text(string text) => new(text, Encoding.UTF8, "text/plain");

    private static string Short(string body) => body.Length <= 400 ? body : body[..400] + "…";
}
