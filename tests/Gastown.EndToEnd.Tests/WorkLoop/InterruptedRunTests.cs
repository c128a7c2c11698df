using System.Diagnostics;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.WorkLoop;

/// <summary>
/// A run in flight when the server is killed (SIGKILL) keeps its transcript: it is written while the run goes on, so
/// after a restart the run is listed as interrupted (no end, no exit code) and what it printed up to the last write is
/// readable; the run after the restart (the real demo agent) finishes the bead and is listed as ended.
/// </summary>
public class InterruptedRunTests : ServerTest
{
    private const string Halfway = "first run: halfway through the bead";

    private string Marker => System.IO.Path.Combine(SharedWithAgents, "first-run-started");

    // The first run prints, then waits (the crash orphans it); the run after the restart is the demo agent.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(AgentCommand("polecat",
        "/bin/sh", "-c", $"if [ -e '{Marker}' ]; then exec \"$0\" \"$@\"; else touch '{Marker}'; echo 'first run: reading the bead'; echo '{Halfway}'; exec sleep 600; fi",
        Infrastructure.Container.DotnetHost.Path, GastownServer.ProgramPath, "demo-agent"))
    {
        ["Gastown:Transcripts:FlushInterval"] = "00:00:01",
    };

    [Fact]
    public async Task A_run_killed_with_the_server_is_listed_interrupted_with_its_transcript_so_far()
    {
        var sling = await Api.SlingAsync(RigId, "Survive the crash with a transcript");
        var working = await Eventually.MatchAsync(async () => (await Api.AgentsAsync(RigId)).Single(),
            agent => agent is { Status: "working", ProcessId: not null } && File.Exists(Marker), "the first run to start");
        try
        {
            // Written while it runs: listed as running, its output there, before anything ended.
            var inFlight = await Eventually.MatchAsync(() => Api.RunsAsync(RigId, sling.Bead.Id),
                runs => runs.Count == 1 && runs[0].GetProperty("entries").GetInt32() >= 3, "the running run's transcript to be written");
            inFlight[0].GetProperty("status").GetString().ShouldBe("running");
            inFlight[0].GetProperty("endedAt").ValueKind.ShouldBe(JsonValueKind.Null);
            var runId = inFlight[0].GetProperty("id").GetGuid();
            (await TextsAsync(sling.Bead.Id, runId)).ShouldContain(Halfway);

            await Server.KillAsync();
            await StartServerAsync();

            await Api.BeadReachesAsync(RigId, sling.Bead.Id, "closed");
            var runs = await Eventually.MatchAsync(() => Api.RunsAsync(RigId, sling.Bead.Id),
                all => all.Count == 2 && all.All(run => run.GetProperty("status").GetString() != "running"), "the second run to be stored as ended");

            var interrupted = runs.Single(run => run.GetProperty("id").GetGuid() == runId);
            interrupted.GetProperty("status").GetString().ShouldBe("interrupted");
            interrupted.GetProperty("generation").GetInt32().ShouldBe(working.Generation);
            interrupted.GetProperty("endedAt").ValueKind.ShouldBe(JsonValueKind.Null);
            interrupted.GetProperty("exitCode").ValueKind.ShouldBe(JsonValueKind.Null);
            var texts = await TextsAsync(sling.Bead.Id, runId);
            texts.ShouldContain("first run: reading the bead");
            texts.ShouldContain(Halfway);
            texts.ShouldNotContain(text => text.StartsWith("exited with code", StringComparison.Ordinal));

            var finished = runs.Single(run => run.GetProperty("id").GetGuid() != runId);
            finished.GetProperty("status").GetString().ShouldBe("ended");
            finished.GetProperty("generation").GetInt32().ShouldBe(working.Generation + 1);
            finished.GetProperty("exitCode").GetInt32().ShouldBe(0);
            finished.GetProperty("endedAt").ValueKind.ShouldNotBe(JsonValueKind.Null);
        }
        finally
        {
            // The crash orphaned the first run; it is ours to clean up.
            try
            {
                Process.GetProcessById(working.ProcessId!.Value).Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
            }
        }
    }

    private async Task<List<string>> TextsAsync(Guid beadId, Guid runId) =>
        [.. (await Api.GetJsonAsync($"api/rigs/{RigId}/beads/{beadId}/runs/{runId}/transcript?limit=1000")).GetProperty("entries").EnumerateArray()
            .Select(entry => entry.GetProperty("text").GetString()!)];
}

/// <summary>The same test on a server configured with Gastown__Storage__Provider=postgres.</summary>
public sealed class PostgresInterruptedRunTests(PostgresFixture postgres) : InterruptedRunTests
{
    protected override TestStorage Storage => TestStorage.Postgres(postgres);
}
