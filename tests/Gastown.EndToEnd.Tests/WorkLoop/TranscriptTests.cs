using System.Net;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.WorkLoop;

/// <summary>
/// What an agent did outlives its process: each run's transcript is stored in the rig's ledger when the run ends,
/// bounded (its oldest entries dropped, with a marker) and with secrets taken out, and read back through the API after a
/// restart of the server. The agent is a real process (a shell command) that fails: what a user needs to read afterwards.
/// </summary>
public sealed class TranscriptTests : ServerTest
{
    private const string ApiKey = "sk-test-transcript-0123456789abcdef";
    private const int MaxBytesPerRun = 20_000;

    // 60 lines of 1000 'x' (over the bound), then the key (from the town's variables) printed on stderr, then a failure.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(AgentCommand("polecat",
        "/bin/sh", "-c", "i=0; while [ $i -lt 60 ]; do printf 'line %s %01000d\\n' $i 0; i=$((i+1)); done; " +
                         "echo \"my key is $TRANSCRIPT_API_KEY\"; echo 'giving up'; exit 3"))
    {
        ["Gastown:Transcripts:MaxBytesPerRun"] = MaxBytesPerRun.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task A_failed_runs_transcript_is_bounded_redacted_and_readable_after_a_restart()
    {
        await Api.UpdateTownConfigAsync(TownId, new { envVars = new Dictionary<string, string> { ["TRANSCRIPT_API_KEY"] = ApiKey } });
        var sling = await Api.SlingAsync(RigId, "Fails loudly");
        await Eventually.MatchAsync(async () => (await Api.AgentsAsync(RigId)).Single(), a => a.Status == "stalled",
            "the agent to stall after its restarts", TimeSpan.FromSeconds(120));
        var runs = await Eventually.MatchAsync(() => Api.RunsAsync(RigId, sling.Bead.Id), all => all.Count == 4 && all.All(run => run.GetProperty("status").GetString() == "ended"),
            "the four runs to be stored, ended");

        await Server.DisposeAsync();
        await StartServerAsync();

        var after = await Api.RunsAsync(RigId, sling.Bead.Id);
        after.Select(run => run.GetProperty("id").GetGuid()).ShouldBe(runs.Select(run => run.GetProperty("id").GetGuid()));
        after.Select(run => run.GetProperty("generation").GetInt32()).ShouldBe([1, 2, 3, 4]);
        foreach (var run in after)
        {
            run.GetProperty("exitCode").GetInt32().ShouldBe(3);
            run.GetProperty("agentId").GetGuid().ShouldBe(sling.Agent!.Id);
            run.GetProperty("agentName").GetString().ShouldBe(sling.Agent.Name);
            run.GetProperty("endedAt").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(run.GetProperty("startedAt").GetDateTimeOffset());
            run.GetProperty("droppedEntries").GetInt32().ShouldBeGreaterThan(0);
        }

        // Paged through, a few entries at a time.
        var first = after[0].GetProperty("id").GetGuid();
        var entries = new List<JsonElement>();
        long? next = 0;
        while (next is { } cursor)
        {
            var page = await Api.GetJsonAsync($"api/rigs/{RigId}/beads/{sling.Bead.Id}/runs/{first}/transcript?after={cursor}&limit=7");
            var items = page.GetProperty("entries").EnumerateArray().ToList();
            items.Count.ShouldBeLessThanOrEqualTo(7);
            entries.AddRange(items);
            next = page.GetProperty("nextAfter").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextAfter").GetInt64();
        }
        var texts = entries.Select(entry => entry.GetProperty("text").GetString()!).ToList();

        // Bounded: the oldest lines went, a marker says so, and what is kept is within the bound.
        entries[0].GetProperty("kind").GetString().ShouldBe("dropped");
        texts.ShouldNotContain(text => text.StartsWith("line 0 ", StringComparison.Ordinal));
        texts.ShouldContain(text => text.StartsWith("line 59 ", StringComparison.Ordinal));
        texts.Sum(text => text.Length).ShouldBeLessThanOrEqualTo(MaxBytesPerRun);
        entries.Select(entry => entry.GetProperty("seq").GetInt64()).ShouldBeInOrder(SortDirection.Ascending);

        // Why it failed is there; the key the agent printed is not.
        texts.ShouldContain("my key is [redacted]");
        texts.ShouldContain("giving up");
        texts.ShouldContain(text => text.StartsWith("exited with code 3", StringComparison.Ordinal));
        texts.ShouldNotContain(text => text.Contains(ApiKey, StringComparison.Ordinal));

        // Another bead's run, or no such run: 404.
        using var missing = await Api.Http.GetAsync($"api/rigs/{RigId}/beads/{sling.Bead.Id}/runs/{Guid.NewGuid()}/transcript");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var badLimit = await Api.Http.GetAsync($"api/rigs/{RigId}/beads/{sling.Bead.Id}/runs/{first}/transcript?limit=0");
        badLimit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
