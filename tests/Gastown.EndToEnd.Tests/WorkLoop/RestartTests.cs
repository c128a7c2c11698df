using System.Diagnostics;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.WorkLoop;

/// <summary>
/// The server crashes (SIGKILL) while a polecat works. After a restart on the same data, the hooked work resumes
/// under a new generation and is merged exactly once; nothing is lost.
/// </summary>
public class RestartTests : ServerTest
{
    // The first run of the agent only marks that it started and waits (it will be orphaned by the crash); the run
    // after the restart is the real demo agent.
    private string Marker => System.IO.Path.Combine(SharedWithAgents, "first-run-started");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(AgentCommand("polecat",
        "/bin/sh", "-c", $"if [ -e '{Marker}' ]; then exec \"$0\" \"$@\"; else touch '{Marker}'; exec sleep 600; fi",
        Infrastructure.Container.DotnetHost.Path, GastownServer.ProgramPath, "demo-agent"));

    [Fact]
    public async Task Hooked_work_survives_a_crash_and_is_merged_once()
    {
        var sling = await Api.SlingAsync(RigId, "Survive the crash");
        var working = await Eventually.MatchAsync(async () => (await Api.AgentsAsync(RigId)).Single(),
            agent => agent is { Status: "working", ProcessId: not null } && File.Exists(Marker), "the first run to start");

        await Server.KillAsync();
        try
        {
            await StartServerAsync();

            var bead = await Api.BeadReachesAsync(RigId, sling.Bead.Id, "closed");
            bead.DispatchAttempts.ShouldBe(2);
            var agent = (await Api.AgentsAsync(RigId)).Single();
            agent.Id.ShouldBe(working.Id);
            agent.Generation.ShouldBe(working.Generation + 1);
            agent.RestartCount.ShouldBe(0);

            var events = (await Api.EventsAsync(RigId, bead.Id)).Select(e => e.Type).ToList();
            events.Count(type => type == "review_submitted").ShouldBe(1);
            events.Count(type => type == "merged").ShouldBe(1);
            (await Origin.LogAsync()).Count(subject => subject.StartsWith("Merge ", StringComparison.Ordinal)).ShouldBe(1);
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
}

/// <summary>The same tests on a server configured with Gastown__Storage__Provider=postgres.</summary>
public sealed class PostgresRestartTests(PostgresFixture postgres) : RestartTests
{
    protected override TestStorage Storage => TestStorage.Postgres(postgres);
}
