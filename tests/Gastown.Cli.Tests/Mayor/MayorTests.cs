using Gastown.Infrastructure.Container;

namespace Gastown.Cli.Tests.Mayor;

/// <summary>`mayor "message"` (one shot) and `mayor` (a chat until Ctrl-D), answered by the real demo mayor.</summary>
public sealed class MayorTests(CliServer world) : IClassFixture<CliServer>
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(90);
    private const string DemoReply = "I hear you. (Say 'sling <rig>: <title>' and I will hand it to a polecat.)";

    [Fact]
    public async Task One_message_prints_the_mayors_reply_and_the_chat_shows_it_as_history()
    {
        var ann = await (await world.NewUserAsync("ann")).LoginAsync();
        (await ann.RunAsync("town", "create", "alpha")).ShouldExit(0);

        var reply = (await ann.RunAsync("mayor", "Hello, mayor.")).ShouldExit(0);
        reply.Out.ShouldBe(DemoReply + "\n");

        // A chat on stdin: the history first, one reply per line sent, and end of input leaves.
        var chat = (await ann.RunWithInputAsync("What now?\n", "mayor")).ShouldExit(0);
        chat.Out.ShouldBe(
            "you> Hello, mayor.\n" +
            $"mayor> {DemoReply}\n" +
            "Talking to the mayor of alpha; Ctrl-D to leave.\n" +
            $"you> mayor> {DemoReply}\n" +
            "you> \n");

        (await ann.RunAsync("mayor", "Quick one", "--no-wait")).ShouldExit(0).Out.ShouldMatch(@"^Sent message [0-9a-f-]{36} to the mayor of alpha\.\n$");
        (await ann.RunAsync("mayor", "")).ShouldExit(2).Err.ShouldStartWith("error: One or more validation errors occurred.\n  message: ");
    }

    [Fact]
    public async Task The_interactive_mayor_in_a_terminal_gets_a_reply_and_ctrl_d_leaves_with_exit_0()
    {
        Tmux.Require();
        var bob = await (await world.NewUserAsync("bob")).LoginAsync();
        (await bob.RunAsync("town", "create", "bobtown")).ShouldExit(0);

        await using var terminal = new Tmux();
        await terminal.StartAsync(new Dictionary<string, string> { ["HOME"] = bob.Home, ["TERM"] = "xterm-256color" },
            DotnetHost.Path, CliProcess.ProgramPath, "mayor");
        await terminal.WaitForScreenAsync(screen => screen.Contains("you>"), "the chat's prompt", TimeSpan.FromSeconds(60));

        await terminal.TypeAsync("Hello from a terminal");
        await terminal.KeyAsync("Enter");
        var screen = await terminal.WaitForScreenAsync(screen => screen.Contains($"mayor> {DemoReply}"), "the mayor's reply", ReplyTimeout);
        screen.ShouldContain("you> Hello from a terminal");
        screen.ShouldNotContain(bob.Token);

        await terminal.WaitForScreenAsync(screen => screen.TrimEnd().EndsWith("you>", StringComparison.Ordinal), "the next prompt", TimeSpan.FromSeconds(30));
        await terminal.KeyAsync("C-d");
        await Eventually.TrueAsync(async () => await terminal.ExitStatusAsync() is not null, "gastown to leave on Ctrl-D", TimeSpan.FromSeconds(30));
        (await terminal.ExitStatusAsync()).ShouldBe(0);
    }
}
