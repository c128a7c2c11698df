using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Streams;

/// <summary>Watching an agent live over a real WebSocket, and every way a stream ticket is refused.</summary>
public sealed class StreamTests : ServerTest
{
    private sealed record StreamEvent(long Sequence, string Kind, string? Stream, string Text);

    [Fact]
    public async Task A_client_receives_the_demo_agents_output_in_order_then_a_clean_close()
    {
        var sling = await Api.SlingAsync(RigId, "Narrate your work");
        var stream = await Api.StreamUrlAsync(TownId, sling.Agent!.Id);
        stream.Url.ShouldStartWith($"ws://{Server.BaseAddress.Authority}/api/towns/{TownId}/agents/{sling.Agent.Id}/stream?ticket=");
        stream.ExpiresAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow);

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(stream.Url), CancellationToken.None);
        var events = await AgentStreamReader.ReadToCloseAsync<StreamEvent>(socket, TimeSpan.FromSeconds(60), GastownApi.Json);

        socket.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure);
        events.Select(e => e.Sequence).ShouldBeInOrder(SortDirection.Ascending);
        events.Select(e => e.Sequence).Distinct().Count().ShouldBe(events.Count);
        events.First().Kind.ShouldBe("status");
        events.Last().Kind.ShouldBe("status");
        var lines = events.Where(e => e is { Kind: "output", Stream: "stdout" }).Select(e => e.Text).ToList();
        lines.First().ShouldStartWith($"demo polecat {sling.Agent.Name} here");
        lines.ShouldContain($"hooked bead {sling.Bead.Id}: Narrate your work");
        lines.IndexOf("telling the agent API I am done").ShouldBeLessThan(lines.IndexOf("done"));
        lines.Last().ShouldBe("done");
    }

    [Fact]
    public async Task Used_unknown_foreign_and_missing_tickets_are_refused()
    {
        var polecat = (await Api.SlingAsync(RigId, "Be watched")).Agent!.Id;
        var mayor = (await Api.SendMessageAsync(TownId, "hello")).Agent.Id;

        // Good once, then never again.
        var once = await Api.StreamUrlAsync(TownId, polecat);
        (await ConnectAsync(once.Url)).ShouldBe(HttpStatusCode.SwitchingProtocols);
        (await ConnectAsync(once.Url)).ShouldBe(HttpStatusCode.Unauthorized);

        // Unknown, or none at all.
        (await ConnectAsync(once.Url.Replace(once.Ticket, "not-a-ticket", StringComparison.Ordinal))).ShouldBe(HttpStatusCode.Unauthorized);
        (await ConnectAsync(once.Url[..once.Url.IndexOf('?', StringComparison.Ordinal)])).ShouldBe(HttpStatusCode.Unauthorized);

        // A ticket for the mayor does not open the polecat's stream.
        var mayorTicket = await Api.StreamUrlAsync(TownId, mayor);
        (await ConnectAsync(once.Url.Replace(once.Ticket, mayorTicket.Ticket, StringComparison.Ordinal))).ShouldBe(HttpStatusCode.Forbidden);

        // Another user cannot use it, nor get one for this town's agents.
        var bobToken = await OperatorCli.AddUserAsync(DataDirectory, "bob");
        var mine = await Api.StreamUrlAsync(TownId, polecat);
        (await ConnectAsync(mine.Url, bobToken)).ShouldBe(HttpStatusCode.Forbidden);
        using var bob = Server.Client(bobToken);
        (await bob.GetAsync($"api/towns/{TownId}/agents/{polecat}/stream-url")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // An agent of another town (or none) is not found through this town.
        var otherTown = await Api.CreateTownAsync("beta");
        (await Api.Http.GetAsync($"api/towns/{otherTown}/agents/{polecat}/stream-url")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Api.Http.GetAsync($"api/towns/{TownId}/agents/{Guid.NewGuid()}/stream-url")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>The HTTP status the WebSocket handshake got (101 when it was accepted).</summary>
    private static async Task<HttpStatusCode> ConnectAsync(string url, string? bearer = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (bearer is not null) socket.Options.SetRequestHeader("Authorization", $"Bearer {bearer}");
        try
        {
            await socket.ConnectAsync(new Uri(url), CancellationToken.None);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "enough", CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        return socket.HttpStatusCode;
    }
}
