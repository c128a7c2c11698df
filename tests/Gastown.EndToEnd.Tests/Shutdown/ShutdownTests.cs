using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Shutdown;

/// <summary>
/// Stopping the server (SIGTERM) while agents work and a client watches one: the watcher gets a 1001 close frame,
/// and nothing prints an exception; a watcher that leaves first gets its close answered.
/// </summary>
public sealed partial class ShutdownTests : ServerTest
{
    // A polecat that works until it is stopped, talking all the while.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(
        AgentCommand("polecat", "/bin/sh", "-c", "echo 'working'; while true; do echo tick; sleep 0.1; done"));

    private async Task<(ClientWebSocket Socket, Guid AgentId)> WatchAWorkingPolecatAsync(string title)
    {
        var sling = await Api.SlingAsync(RigId, title);
        var agentId = sling.Agent!.Id;
        await Eventually.MatchAsync(async () => (await Api.AgentsAsync(RigId)).Single(a => a.Id == agentId), a => a.Status == "working", "the polecat to work");

        var stream = await Api.StreamUrlAsync(TownId, agentId);
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(stream.Url), CancellationToken.None);
        return (socket, agentId);
    }

    /// <summary>Reads until the server's close frame (or the connection's end); answers the close status seen.</summary>
    private static async Task<WebSocketCloseStatus?> ReadUntilClosedAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, ct);
                if (received.MessageType == WebSocketMessageType.Close) return received.CloseStatus;
            }
        }
        catch (WebSocketException)
        {
            // The connection dropped without a close frame (what a client sees as 1006).
            return null;
        }
    }

    [Fact]
    public async Task Stopping_while_agents_work_closes_open_streams_with_1001_and_prints_no_exception()
    {
        await Api.SlingAsync(RigId, "Busy one");
        await Api.SlingAsync(RigId, "Busy two");
        var (socket, _) = await WatchAWorkingPolecatAsync("Watched");
        using (socket)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var closed = ReadUntilClosedAsync(socket, deadline.Token);

            await Server.StopAsync();

            (await closed).ShouldBe(WebSocketCloseStatus.EndpointUnavailable, Server.Log);
            socket.CloseStatusDescription.ShouldNotBeNull().ShouldContain("shutting down");
        }

        var log = Server.Log;
        StackFrame().IsMatch(log).ShouldBeFalse($"a stack trace was printed:\n{log}");
        log.ShouldNotContain("Exception", customMessage: log);
        log.ShouldNotContain("fail:", customMessage: log);
        log.ShouldNotContain("crit:", customMessage: log);
    }

    [Fact]
    public async Task A_client_that_closes_its_stream_gets_the_close_answered()
    {
        var (socket, _) = await WatchAWorkingPolecatAsync("Watched then left");
        using (socket)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "seen enough", deadline.Token);

            socket.State.ShouldBe(WebSocketState.Closed);
            socket.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure);
        }
        // The agent keeps working: leaving a stream is not stopping the agent.
        (await Api.AgentsAsync(RigId)).ShouldContain(a => a.Status == "working");
    }

    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
