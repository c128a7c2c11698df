using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Convoys;

/// <summary>
/// Issue 23's "done when", for real: the real server, the demo polecat, real git on two bare remotes. The diamond — A, B,
/// D in rig "web"; C in rig "docs"; B and C after A; D after B and C — in direct mode merges in dependency order (D
/// dispatched only after C merged in the other rig, D's branch holding A's and B's work); in land mode, with a gate and
/// approve mode, nothing reaches either default branch until the landing merges a person approves, then exactly one
/// merge per rig.
/// </summary>
public class ConvoyDiamondTests : ServerTest
{
    private static readonly TimeSpan Run = TimeSpan.FromMinutes(4);

    private BareRepository _docsOrigin = null!;
    private Guid _docsId;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Gastown:MaxPolecatsPerRig"] = "3" };

    private async Task CreateDocsRigAsync()
    {
        _docsOrigin = await BareRepository.CreateAsync(Temp.Sub("docs-repos"));
        _docsId = await Api.CreateRigAsync(TownId, "docs", _docsOrigin.Path);
    }

    private Task<JsonElement> CreateDiamondAsync(string mode) => SendAsync(HttpMethod.Post, $"api/towns/{TownId}/convoys", new
    {
        title = "Greeting feature",
        mode,
        tasks = new object[]
        {
            new { rig = "web", title = "A: greeting API", body = "file: a.md" },
            new { rig = "web", title = "B: greeting tests", body = "file: b.md", dependsOn = new[] { 0 } },
            new { rig = _docsId.ToString(), title = "C: greeting page", body = "file: c.md", dependsOn = new[] { 0 } },
            new { rig = "web", title = "D: release notes", body = "file: d.md", dependsOn = new[] { 1, 2 } },
        },
    }, HttpStatusCode.Created);

    private Task<JsonElement> ConvoyAsync(Guid convoyId) => SendAsync(HttpMethod.Get, $"api/towns/{TownId}/convoys/{convoyId}");

    private static Guid BeadOf(JsonElement convoy, string prefix) => convoy.GetProperty("beads").EnumerateArray()
        .Single(bead => bead.GetProperty("title").GetString()!.StartsWith(prefix, StringComparison.Ordinal)).GetProperty("id").GetGuid();

    /// <summary>The merges on a remote's main, oldest first: (commit, subject), first parents only.</summary>
    private static async Task<List<(string Commit, string Subject)>> MergesAsync(BareRepository origin, string branch = "main") =>
        [.. (await BareRepository.GitAsync(origin.Path, "log", "--first-parent", "--reverse", "--format=%H %s", branch))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => (line[..40], line[41..]))
            .Where(merge => merge.Item2.StartsWith("Merge ", StringComparison.Ordinal))];

    private static async Task<string> HeadAsync(BareRepository origin, string branch = "main") =>
        (await BareRepository.GitAsync(origin.Path, "rev-parse", branch)).Trim();

    private static async Task<bool> IsAncestorAsync(BareRepository origin, string ancestor, string descendant)
    {
        try
        {
            await BareRepository.GitAsync(origin.Path, "merge-base", "--is-ancestor", ancestor, descendant);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private async Task<DateTimeOffset> EventAtAsync(Guid rigId, Guid beadId, string type)
    {
        var events = await SendAsync(HttpMethod.Get, $"api/rigs/{rigId}/beads/{beadId}/events");
        return events.EnumerateArray().First(e => e.GetProperty("type").GetString() == type).GetProperty("createdAt").GetDateTimeOffset();
    }

    [Fact]
    public async Task The_diamond_in_direct_mode_merges_in_dependency_order_across_two_rigs()
    {
        await CreateDocsRigAsync();
        var convoy = await CreateDiamondAsync("direct");
        var convoyId = convoy.GetProperty("id").GetGuid();
        var (a, b, c, d) = (BeadOf(convoy, "A"), BeadOf(convoy, "B"), BeadOf(convoy, "C"), BeadOf(convoy, "D"));

        await Eventually.MatchAsync(() => ConvoyAsync(convoyId), got => got.GetProperty("status").GetString() == "landed", "the convoy to land", Run);

        // web's main: A, then B, then D (each merge on top of the one before); docs' main: C.
        var web = await MergesAsync(Origin);
        web.Select(merge => merge.Subject[(merge.Subject.IndexOf(": ", StringComparison.Ordinal) + 2)..])
            .ShouldBe(["A: greeting API", "B: greeting tests", "D: release notes"]);
        var docs = await MergesAsync(_docsOrigin);
        docs.ShouldHaveSingleItem().Subject.ShouldEndWith(": C: greeting page");

        // Across the rigs, by the ledgers' merge events: A merged before C was dispatched; C merged before D was dispatched.
        (await EventAtAsync(RigId, a, "merged")).ShouldBeLessThanOrEqualTo(await EventAtAsync(_docsId, c, "dispatched"));
        (await EventAtAsync(RigId, a, "merged")).ShouldBeLessThanOrEqualTo(await EventAtAsync(RigId, b, "dispatched"));
        (await EventAtAsync(_docsId, c, "merged")).ShouldBeLessThanOrEqualTo(await EventAtAsync(RigId, d, "dispatched"));
        (await EventAtAsync(RigId, b, "merged")).ShouldBeLessThanOrEqualTo(await EventAtAsync(RigId, d, "dispatched"));

        // D's branch (its merge's second parent) holds A's and B's work: it started from main after both merged.
        var dBranch = $"{web[2].Commit}^2";
        (await Origin.ShowFileAsync("a.md", dBranch)).ShouldContain("A: greeting API");
        (await Origin.ShowFileAsync("b.md", dBranch)).ShouldContain("B: greeting tests");
        (await Origin.ShowFileAsync("d.md", dBranch)).ShouldContain("D: release notes");
        (await IsAncestorAsync(Origin, web[1].Commit, dBranch)).ShouldBeTrue();
        (await _docsOrigin.ShowFileAsync("c.md")).ShouldContain("C: greeting page");

        var landed = await ConvoyAsync(convoyId);
        (landed.GetProperty("mode").GetString(), landed.GetProperty("closed").GetInt32()).ShouldBe(("direct", 4));
        landed.GetProperty("featureBranch").ValueKind.ShouldBe(JsonValueKind.Null);
        landed.GetProperty("landing").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task The_diamond_in_land_mode_with_a_gate_and_approve_mode_touches_no_default_branch_until_one_landing_merge_per_rig()
    {
        await CreateDocsRigAsync();
        // Each rig's gate checks the merged tree holds its first bead's file; every merge waits for a person.
        await SendAsync(HttpMethod.Patch, $"api/rigs/{RigId}", new { review = new { gates = new[] { new[] { "test", "-e", "a.md" } }, mode = "approve" } });
        await SendAsync(HttpMethod.Patch, $"api/rigs/{_docsId}", new { review = new { gates = new[] { new[] { "test", "-e", "c.md" } }, mode = "approve" } });
        var (webMain, docsMain) = (await HeadAsync(Origin), await HeadAsync(_docsOrigin));

        var convoy = await CreateDiamondAsync("land");
        var convoyId = convoy.GetProperty("id").GetGuid();
        var feature = convoy.GetProperty("featureBranch").GetString()!;
        feature.ShouldBe($"convoy/greeting-feature/{convoyId.ToString("N")[..8]}/head");

        // A person approves each bead's review as it comes (into the feature branch), until the convoy is landing and
        // both landing reviews wait. Meanwhile neither main moves.
        var landing = await Eventually.MatchAsync(async () =>
        {
            (await HeadAsync(Origin)).ShouldBe(webMain);
            (await HeadAsync(_docsOrigin)).ShouldBe(docsMain);
            foreach (var rig in new[] { RigId, _docsId })
                foreach (var review in (await SendAsync(HttpMethod.Get, $"api/rigs/{rig}/reviews")).EnumerateArray())
                    if (review.GetProperty("status").GetString() == "awaiting_approval" && review.GetProperty("id").GetGuid() != convoyId)
                        await SendAsync(HttpMethod.Post, $"api/rigs/{rig}/reviews/{review.GetProperty("id").GetGuid()}/approve", null, HttpStatusCode.Accepted);
            return await ConvoyAsync(convoyId);
        }, got => got.GetProperty("status").GetString() == "landing"
                  && got.GetProperty("landing").EnumerateArray().All(l => l.GetProperty("reviewStatus").GetString() == "awaiting_approval"),
            "the convoy to be landing with both landing reviews awaiting approval", Run);

        (await HeadAsync(Origin)).ShouldBe(webMain);
        (await HeadAsync(_docsOrigin)).ShouldBe(docsMain);
        (await MergesAsync(Origin, feature)).Count.ShouldBe(3);
        (await MergesAsync(_docsOrigin, feature)).Count.ShouldBe(1);
        landing.GetProperty("landing").EnumerateArray().Select(l => (l.GetProperty("rigName").GetString(), l.GetProperty("featureBranch").GetString()))
            .ShouldBe([("web", feature), ("docs", feature)], ignoreOrder: true);

        // The landing review shows the feature branch's diff against main, and its gate passed on the merge.
        var details = await SendAsync(HttpMethod.Get, $"api/rigs/{RigId}/reviews/{convoyId}");
        details.GetProperty("review").GetProperty("branch").GetString().ShouldBe(feature);
        details.GetProperty("diff").GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString())
            .ShouldBe(["a.md", "b.md", "d.md"], ignoreOrder: true);
        details.GetProperty("review").GetProperty("gates").EnumerateArray().Single().GetProperty("passed").GetBoolean().ShouldBeTrue();

        foreach (var rig in new[] { RigId, _docsId })
            await SendAsync(HttpMethod.Post, $"api/rigs/{rig}/reviews/{convoyId}/approve", null, HttpStatusCode.Accepted);
        var landed = await Eventually.MatchAsync(() => ConvoyAsync(convoyId), got => got.GetProperty("status").GetString() == "landed",
            "the convoy to land", Run);
        landed.GetProperty("landing").EnumerateArray().ShouldAllBe(l => l.GetProperty("reviewStatus").GetString() == "merged");

        // Exactly one merge per rig on main: the feature branch, holding every bead's work.
        var web = await MergesAsync(Origin);
        web.ShouldHaveSingleItem().Subject.ShouldStartWith($"Merge {feature}: land convoy Greeting feature");
        (await MergesAsync(_docsOrigin)).ShouldHaveSingleItem().Subject.ShouldStartWith($"Merge {feature}: land convoy Greeting feature");
        foreach (var file in new[] { "a.md", "b.md", "d.md" }) (await Origin.ShowFileAsync(file)).ShouldNotBeEmpty();
        (await _docsOrigin.ShowFileAsync("c.md")).ShouldContain("C: greeting page");

        var feed = await SendAsync(HttpMethod.Get, $"api/towns/{TownId}/events");
        feed.EnumerateArray().Select(e => e.GetProperty("type").GetString()).Where(type => type!.StartsWith("convoy_", StringComparison.Ordinal))
            .Reverse().ShouldBe(["convoy_created", "convoy_landing", "convoy_landed"]);
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: GastownApi.Json);
        using var response = await Api.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, $"{method} {path}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}

public sealed class PostgresConvoyDiamondTests(PostgresFixture postgres) : ConvoyDiamondTests
{
    protected override TestStorage Storage => TestStorage.Postgres(postgres);
}
