using Gastown.Application.Common.Ports;
using Gastown.Domain.Agents;
using Gastown.Domain.Runs;
using Gastown.Infrastructure.Container;

namespace Gastown.Infrastructure.Tests.Container;

/// <summary>A run's transcript as it is collected: the secrets taken out, bounded to its last bytes with a marker.</summary>
public sealed class RunTranscriptTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static AgentLaunch Launch() => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), AgentRole.Polecat, "Toast", 3, "Fix it",
        "default", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ", null, "gt/toast/1");

    [Fact]
    public void Secret_values_and_secret_shapes_are_redacted_but_ordinary_values_stay()
    {
        var launch = Launch();
        var redactor = new SecretRedactor(
            [new("ANTHROPIC_API_KEY", "key-from-the-town-12345"), new("GIT_CONFIG_VALUE_0", "Authorization: Basic dG9rZW4="),
             new("ANTHROPIC_BASE_URL", "http://127.0.0.1:5000"), new("MY_TOKEN", "short")],
            [launch.SessionToken]);

        redactor.Redact("key is key-from-the-town-12345.").ShouldBe("key is [redacted].");
        redactor.Redact($"Bearer {launch.SessionToken}").ShouldBe("Bearer [redacted]");
        redactor.Redact("header Authorization: Basic dG9rZW4=").ShouldBe("header [redacted]");
        redactor.Redact("printed sk-ant-api03-abcdefghijklmnopqrstuvwxyz and gt_abcdefghijklmnopqrstuvwxyz012345")
            .ShouldBe("printed [redacted] and [redacted]");
        redactor.Redact("calling http://127.0.0.1:5000 with a short value").ShouldBe("calling http://127.0.0.1:5000 with a short value");
        redactor.Redact(new Dictionary<string, string> { ["args"] = "echo key-from-the-town-12345" })!["args"].ShouldBe("echo [redacted]");
    }

    [Fact]
    public void Over_its_bound_the_oldest_entries_are_dropped_and_a_marker_says_how_many()
    {
        var stored = new List<RunTranscript>();
        var transcript = new RunTranscript(Launch(), SecretRedactor.None, maxBytes: 2_000, _ => { }, stored.Add);
        for (var i = 1; i <= 40; i++)
            transcript.Add(new AgentEvent(i, Now.AddSeconds(i), AgentEvent.OutputKind, AgentEvent.StandardOutput, $"line {i} " + new string('x', 100)));

        transcript.Complete(1, new AgentEvent(41, Now.AddSeconds(41), AgentEvent.StatusKind, null, "exited with code 1"));

        stored.ShouldBe([transcript]);
        var (run, entries, _) = transcript.Snapshot();
        entries[0].Kind.ShouldBe(TranscriptEntry.DroppedKind);
        entries[0].Text.ShouldStartWith($"{run.DroppedEntries} earlier entries dropped");
        run.DroppedEntries.ShouldBeGreaterThan(0);
        run.TranscriptBytes.ShouldBeLessThanOrEqualTo(2_000);
        entries[^1].Text.ShouldBe("exited with code 1");
        entries.Skip(1).Select(entry => entry.Sequence).ShouldBe(Enumerable.Range(41 - (entries.Count - 2), entries.Count - 1).Select(i => (long)i));
        (run.Generation, run.AgentName, run.ExitCode, run.EntryCount, run.StartedAt, run.EndedAt)
            .ShouldBe((3, "Toast", (int?)1, entries.Count, Now.AddSeconds(1), (DateTimeOffset?)Now.AddSeconds(41)));
    }

    [Fact]
    public void In_flight_it_is_one_run_without_an_end_whose_version_moves_with_each_entry()
    {
        var started = new List<RunTranscript>();
        var transcript = new RunTranscript(Launch(), SecretRedactor.None, maxBytes: 10_000, started.Add, _ => { });
        transcript.Version.ShouldBe(0);

        transcript.Add(new AgentEvent(1, Now, AgentEvent.StatusKind, null, "started"));
        transcript.Add(new AgentEvent(2, Now.AddSeconds(1), AgentEvent.OutputKind, AgentEvent.StandardOutput, "working"));

        started.ShouldBe([transcript]); // told once, at its first entry
        var (run, entries, version) = transcript.Snapshot();
        (run.Id, run.EndedAt, run.ExitCode, entries.Count, version).ShouldBe((transcript.RunId, (DateTimeOffset?)null, (int?)null, 2, 2L));

        transcript.Complete(0, new AgentEvent(3, Now.AddSeconds(2), AgentEvent.StatusKind, null, "exited with code 0"));
        var (ended, _, endedVersion) = transcript.Snapshot();
        (ended.Id, ended.EndedAt, ended.ExitCode, endedVersion).ShouldBe((transcript.RunId, (DateTimeOffset?)Now.AddSeconds(2), (int?)0, 3L));
    }
}
