using System.Net;
using Gastown.Domain.Git;

namespace Gastown.Web.Tests.Api.Management;

/// <summary>
/// S2: in Production a rig's git URL may not point at the server's own network — loopback, link-local (cloud
/// metadata), private, shared or unspecified addresses in every spelling git accepts — neither on createRig nor on
/// updateRig, and a host name that resolves there is refused when git would contact it.
/// </summary>
public sealed class PrivateNetworkTests : IAsyncLifetime
{
    public static readonly TheoryData<string> PrivateUrls =
    [
        "http://127.0.0.1/x.git",
        "https://127.0.0.1:8443/x.git",
        "http://localhost/x.git",
        "http://LOCALHOST./x.git",
        "http://api.localhost/x.git",
        "http://0x7f000001/x.git",
        "http://2130706433/x.git",
        "http://127.1/x.git",
        "http://0177.0.0.1/x.git",
        "http://017700000001/x.git",
        "http://0x7f.0.0.1/x.git",
        "http://[::1]/x.git",
        "http://[::ffff:127.0.0.1]/x.git",
        "http://[::ffff:7f00:1]/x.git",
        "http://[0:0:0:0:0:0:0:1]/x.git",
        "http://169.254.169.254/latest/meta-data",
        "http://[fe80::1]/x.git",
        "http://10.0.0.1/x.git",
        "http://172.16.0.1/x.git",
        "http://192.168.1.1/x.git",
        "http://100.64.0.1/x.git",
        "http://[fd00::1]/x.git",
        "http://0.0.0.0/x.git",
        "http://0/x.git",
        "http://[::]/x.git",
        "ssh://git@127.0.0.1/x.git",
        "git@127.0.0.1:x.git",
        "https://user:pass@127.0.0.1/x.git",
        // IPv6 transition forms carrying a private IPv4 address (NAT64, local-use NAT64, 6to4, Teredo, SIIT).
        "https://[64:ff9b::7f00:1]/x.git",
        "https://[64:ff9b::127.0.0.1]/x.git",
        "http://[64:ff9b::a9fe:a9fe]/latest/meta-data",
        "ssh://git@[64:ff9b::a00:1]/x.git",
        "https://[64:ff9b:1::7f00:1]/x.git",
        "https://[2002:7f00:1::1]/x.git",
        "https://[2002:c0a8:101::]/x.git",
        "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/x.git",
        "https://[::ffff:0:127.0.0.1]/x.git",
    ];

    private readonly GastownApp _app = new(environment: "Production");
    private HttpClient _http = null!;
    private Guid _townId;

    public async ValueTask InitializeAsync()
    {
        (_, _http) = await _app.SignInNewUserAsync("alice");
        _townId = (await _http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created)).Id();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [MemberData(nameof(PrivateUrls))]
    public async Task CreateRig_refuses_a_private_address_in_production(string gitUrl)
    {
        var response = await _http.PostAsJsonAsync($"/api/towns/{_townId}/rigs", new { name = "web", gitUrl }, Json.Ct);
        await response.ShouldBeValidationProblemOnAsync("gitUrl");
        (await _http.GetJsonAsync($"/api/towns/{_townId}/rigs")).GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(PrivateUrls))]
    public async Task UpdateRig_refuses_a_private_address_in_production(string gitUrl)
    {
        var rig = await _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name = "web", gitUrl = "https://example.com/x.git" }, HttpStatusCode.Created);
        var response = await _http.PatchAsJsonAsync($"/api/rigs/{rig.Id()}", new { gitUrl }, Json.Ct);
        await response.ShouldBeValidationProblemOnAsync("gitUrl");
        (await _http.GetJsonAsync($"/api/rigs/{rig.Id()}")).Str("gitUrl").ShouldBe("https://example.com/x.git");
    }

    [Fact]
    public async Task The_message_says_why_without_repeating_a_password()
    {
        var response = await _http.PostAsJsonAsync($"/api/towns/{_townId}/rigs", new { name = "web", gitUrl = "https://user:hunter2@10.1.2.3/x.git" }, Json.Ct);
        var text = await response.Content.ReadAsStringAsync(Json.Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain("private address");
        text.ShouldNotContain("hunter2");
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_loopback_is_refused_when_git_would_contact_it()
    {
        // A name (not "localhost") that this machine resolves to loopback or a private address, e.g. its own host name.
        string? name = null;
        foreach (var candidate in new[] { Dns.GetHostName(), "runsc", "vm", "ip6-localhost", "localhost.localdomain" })
        {
            IPAddress[] addresses;
            try
            {
                addresses = await Dns.GetHostAddressesAsync(candidate, Json.Ct);
            }
            catch (System.Net.Sockets.SocketException)
            {
                continue;
            }
            if (addresses.Length > 0 && addresses.All(address => GitHost.AddressProblem(address) is not null))
            {
                name = candidate;
                break;
            }
        }
        if (name is null) Assert.Skip("No host name here resolves only to private addresses (this machine's name, ip6-localhost, …).");

        var rig = await _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name = "web", gitUrl = $"http://{name}:1/x.git" }, HttpStatusCode.Created);
        var health = (await ManagementHelpers.EventuallyAsync(() => _http.GetJsonAsync($"/api/rigs/{rig.Id()}"),
            d => d.GetProperty("health").Str("status") != "checking", "the rig's health check")).GetProperty("health");
        health.Str("status").ShouldBe("unreachable");
        health.Str("reason").ShouldContain("not allowed on this server");
    }

    [Fact]
    public async Task A_public_address_is_accepted_in_production_and_the_operator_can_opt_in_to_private_networks()
    {
        await _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name = "web", gitUrl = "https://93.184.216.34/x.git" }, HttpStatusCode.Created);

        await using var optedIn = new GastownApp(new Dictionary<string, string?> { ["Gastown:Git:AllowPrivateNetworks"] = "true" }, "Production");
        var (_, http) = await optedIn.SignInNewUserAsync("bob");
        var town = await http.PostJsonAsync("/api/towns", new { name = "beta" }, HttpStatusCode.Created);
        await http.PostJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "web", gitUrl = "http://127.0.0.1:1/x.git" }, HttpStatusCode.Created);
    }
}
