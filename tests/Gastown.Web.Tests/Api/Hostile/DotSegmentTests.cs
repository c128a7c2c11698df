using System.Net.Sockets;
using System.Text;

namespace Gastown.Web.Tests.Api.Hostile;

/// <summary>
/// A path with a <c>.</c> or <c>..</c> segment, as sent on the wire (what <c>curl --path-as-is</c> sends; HttpClient
/// would resolve it first), is refused with 400 before routing: <c>DELETE …/beads/..</c> never reaches the rig.
/// </summary>
public sealed class DotSegmentTests(BadInputWorld fixture) : IClassFixture<BadInputWorld>
{
    [Theory]
    [InlineData("DELETE", "/api/rigs/{rig}/beads/..")]
    [InlineData("DELETE", "/api/rigs/{rig}/beads/../")]
    [InlineData("DELETE", "/api/rigs/{rig}/beads/%2e%2e")]
    [InlineData("DELETE", "/api/rigs/{rig}/beads/%2E%2E")]
    [InlineData("DELETE", "/api/rigs/{rig}/beads/.%2e")]
    [InlineData("DELETE", "/api/rigs/{rig}/beads/%2e.")]
    [InlineData("DELETE", "/api/rigs/{rig}/beads/..?force=1")]
    [InlineData("DELETE", "/api/rigs/{rig}/x/../")]
    [InlineData("DELETE", "/api/rigs/{rig}/.")]
    [InlineData("DELETE", "/api/rigs/{rig}/%2e")]
    [InlineData("DELETE", "/api/rigs/./{rig}")]
    [InlineData("DELETE", "/api/towns/{town}/rigs/..")]
    [InlineData("GET", "/api/rigs/{rig}/beads/..")]
    [InlineData("GET", "/./index.html")]
    public async Task A_dot_segment_is_400_and_changes_nothing(string method, string path)
    {
        var (status, body) = await RawAsync(method, Fill(path));
        status.ShouldBe(400, body);
        body.ShouldContain("application/problem+json");
        body.ShouldContain("segment");
        await fixture.World.UserClient.GetJsonAsync($"/api/rigs/{fixture.World.QuietRigId}");
        await fixture.World.UserClient.GetJsonAsync($"/api/towns/{fixture.World.TownId}");
    }

    [Theory]
    [InlineData("/api/rigs/{rig}?q=..")]
    [InlineData("/api/rigs/{rig}/beads?status=..")]
    public async Task Dots_outside_the_path_are_not_segments(string path)
    {
        var (status, body) = await RawAsync("GET", Fill(path));
        status.ShouldNotBe(500, body);
        body.ShouldNotContain("'..' segment");
    }

    [Theory]
    [InlineData("/api/rigs/../x", true)]
    [InlineData("/a/%2E%2e/b", true)]
    [InlineData("/a/./b", true)]
    [InlineData("http://host/a/../b", true)]
    [InlineData("/a/..b/c", false)]
    [InlineData("/a/.../b", false)]
    [InlineData("/a/.hidden", false)]
    [InlineData("/a/b.json", false)]
    [InlineData("/a?x=/../", false)]
    [InlineData("*", false)]
    public void HasDotSegment_reads_the_raw_target(string target, bool expected) =>
        Gastown.Web.Http.DotSegmentGuard.HasDotSegment(target).ShouldBe(expected);

    private string Fill(string path) => path.Replace("{rig}", fixture.World.QuietRigId.ToString()).Replace("{town}", fixture.World.TownId.ToString());

    /// <summary>One HTTP/1.1 request written as is on a socket (no client-side path normalisation), and its status and text.</summary>
    private async Task<(int Status, string Text)> RawAsync(string method, string target)
    {
        var address = fixture.World.App.BaseAddress;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, Json.Ct);
        await using var stream = tcp.GetStream();
        var request = $"{method} {target} HTTP/1.1\r\nHost: {address.Authority}\r\n" +
                      $"Authorization: Bearer {fixture.World.User.Token}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Json.Ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(Json.Ct);
        return (int.Parse(text.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture), text);
    }
}
