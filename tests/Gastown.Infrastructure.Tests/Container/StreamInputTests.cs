using System.Diagnostics;
using Gastown.Application.Dispatch;
using Gastown.Infrastructure.Agents.Streams;
using Gastown.Infrastructure.Container;
using Gastown.Infrastructure.Tests.Support;
using Microsoft.Extensions.Options;

namespace Gastown.Infrastructure.Tests.Container;

/// <summary>
/// A process that reads stream-json input while it runs (Claude's polecat): its first message is written to its stdin,
/// which stays open for more, and is closed once a turn ends with every message taken — so it exits on its own. A
/// real process (a shell script speaking Claude's replay and result lines) stands in for the CLI; the real CLI is in
/// the end-to-end ClaudeNudgeTests.
/// </summary>
public sealed class StreamInputTests : IDisposable
{
    // Each input line is replayed as taken; turn n waits for the file "<marker>.n" before its result; EOF ends the loop.
    private const string FakeCli = """
        n=0
        while IFS= read -r line; do
          n=$((n+1))
          printf '{"type":"user","isReplay":true,"message":{"role":"user","content":[{"type":"text","text":"taken %s"}]}}\n' "$n"
          while [ ! -e "$1.$n" ]; do sleep 0.05; done
          echo '{"type":"result","subtype":"success","usage":{"input_tokens":1,"output_tokens":1}}'
        done
        echo "input closed after $n"
        """;

    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _temp = new();
    private readonly AgentEventFeed _feed = new(Options.Create(new ContainerOptions()));
    private readonly Guid _agentId = Guid.NewGuid();

    public void Dispose() => _temp.Dispose();

    private string Marker => _temp.Combine("turn-may-end");

    private void EndTurn(int turn) => File.WriteAllText($"{Marker}.{turn}", "");

    private AgentProcess Start(ClaudeStreamParser parser)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in new[] { "-c", FakeCli, "fake-cli", Marker }) start.ArgumentList.Add(argument);
        return AgentProcess.Start(_agentId, 1, start, _feed, new AgentRunHooks(parser, FirstInput: Nudges.UserTurn("Your bead: add a greeting")));
    }

    private List<string> Texts() => [.. _feed.History(_agentId).Select(e => e.Text)];

    [Fact]
    public async Task The_input_closes_when_a_turn_ends_with_every_message_taken_and_the_process_exits_on_its_own()
    {
        var parser = new ClaudeStreamParser();
        using var process = Start(parser);
        await Eventually.TrueAsync(() => parser.InputsTaken == 1, "the first message to be taken", Generous);
        EndTurn(1);

        (await process.WaitForExitAsync(Generous)).ShouldBeTrue(string.Join("\n", Texts()));
        process.ExitCode.ShouldBe(0);
        process.StopRequested.ShouldBeFalse();
        Texts().ShouldContain("input closed after 1");
        (await process.WriteLineAsync(Nudges.Line("too late"), CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_message_written_before_a_turn_ends_but_not_yet_taken_keeps_the_input_open_for_the_turn_it_starts()
    {
        var parser = new ClaudeStreamParser();
        using var process = Start(parser);
        await Eventually.TrueAsync(() => parser.InputsTaken == 1, "the first message to be taken", Generous);

        // Written while the first turn works; the fake CLI takes it only after that turn's result.
        (await process.WriteLineAsync(Nudges.Line("keep it short"), CancellationToken.None)).ShouldBeTrue();
        EndTurn(1);
        await Eventually.TrueAsync(() => parser.InputsTaken == 2, "the nudge to be taken as the next turn", Generous);

        // The turn it started goes on with the input open: another nudge still gets in.
        (await process.WriteLineAsync(Nudges.Line("and friendly"), CancellationToken.None)).ShouldBeTrue();
        EndTurn(2);
        EndTurn(3);

        (await process.WaitForExitAsync(Generous)).ShouldBeTrue(string.Join("\n", Texts()));
        process.ExitCode.ShouldBe(0);
        parser.TurnsEnded.ShouldBe(3);
        Texts().ShouldContain("took a message from its input: taken 2");
        Texts().ShouldContain("input closed after 3");
    }
}
