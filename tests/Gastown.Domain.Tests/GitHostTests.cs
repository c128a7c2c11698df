using System.Net;
using Gastown.Domain.Git;

namespace Gastown.Domain.Tests;

public sealed class GitHostTests
{
    [Theory]
    [InlineData("https://github.com/o/r.git", "github.com")]
    [InlineData("https://user:pass@github.com:8443/o/r.git", "github.com")]
    [InlineData("http://[::1]:8080/x.git", "::1")]
    [InlineData("ssh://git@10.0.0.1/x.git", "10.0.0.1")]
    [InlineData("git@github.com:o/r.git", "github.com")]
    public void HostOf_finds_the_host(string url, string host) => GitHost.HostOf(url).ShouldBe(host);

    [Theory]
    [InlineData("/srv/repo.git")]
    [InlineData("file:///srv/repo.git")]
    public void HostOf_a_local_path_is_null(string url) => GitHost.HostOf(url).ShouldBeNull();

    [Theory]
    [InlineData("2130706433", "127.0.0.1")]
    [InlineData("0x7f000001", "127.0.0.1")]
    [InlineData("127.1", "127.0.0.1")]
    [InlineData("0177.0.0.1", "127.0.0.1")]
    [InlineData("017700000001", "127.0.0.1")]
    [InlineData("10.1", "10.0.0.1")]
    [InlineData("192.168.257", "192.168.1.1")]
    [InlineData("::ffff:127.0.0.1", "::ffff:127.0.0.1")]
    public void LiteralAddress_reads_every_spelling(string host, string address) =>
        GitHost.LiteralAddress(host).ShouldBe(IPAddress.Parse(address));

    [Theory]
    [InlineData("github.com")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("0x")]
    [InlineData("08.0.0.1")]
    public void LiteralAddress_of_a_name_or_garbage_is_null(string host) => GitHost.LiteralAddress(host).ShouldBeNull();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("a.localhost")]
    [InlineData("2130706433")]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd12::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("::ffff:0:127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b::10.0.0.1")]
    [InlineData("64:ff9b:1::7f00:1")]
    [InlineData("64:ff9b:1:7f00:0:100::")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2002:a9fe:a9fe::")]
    [InlineData("2002:c0a8:101::1")]
    [InlineData("2001:0:7f00:1::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe")]
    public void Problem_refuses_private_hosts(string host) => GitHost.Problem(host).ShouldNotBeNull();

    [Theory]
    [InlineData("github.com")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:f7f7:f7f7")]
    public void Problem_accepts_public_hosts(string host) => GitHost.Problem(host).ShouldBeNull();

    [Theory]
    [InlineData("64:ff9b::7f00:1", "127.0.0.1")]
    [InlineData("2002:c0a8:101::1", "192.168.1.1")]
    [InlineData("::ffff:0:a00:1", "10.0.0.1")]
    public void EmbeddedIPv4_finds_the_address_a_transition_form_carries(string v6, string v4) =>
        GitHost.EmbeddedIPv4(IPAddress.Parse(v6)).ShouldContain(IPAddress.Parse(v4));

    [Fact]
    public void Teredo_is_judged_by_its_server_and_its_obfuscated_client()
    {
        // Server 65.54.227.120, client 127.0.0.1 (stored inverted: 80ff:fffe).
        GitHost.EmbeddedIPv4(IPAddress.Parse("2001:0:4136:e378:8000:63bf:80ff:fffe"))
            .ShouldBe([IPAddress.Parse("65.54.227.120"), IPAddress.Parse("127.0.0.1")]);
    }
}

public sealed class GitUrlUserInfoTests
{
    [Fact]
    public void A_password_is_moved_out_of_the_url()
    {
        var split = GitUrlUserInfo.Split("https://robot:s%40cret@example.com:8443/o/r.git");
        split.Url.ShouldBe("https://example.com:8443/o/r.git");
        split.Username.ShouldBe("robot");
        split.Password.ShouldBe("s@cret");
    }

    [Theory]
    [InlineData("https://example.com/o/r.git")]
    [InlineData("ssh://git@example.com/o/r.git")]
    [InlineData("git@example.com:o/r.git")]
    [InlineData("https://user@example.com/o/r.git")]
    public void A_url_without_a_password_stays_as_it_is(string url)
    {
        var split = GitUrlUserInfo.Split(url);
        split.Url.ShouldBe(url);
        split.HasPassword.ShouldBeFalse();
    }
}
