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
    public void Problem_refuses_private_hosts(string host) => GitHost.Problem(host).ShouldNotBeNull();

    [Theory]
    [InlineData("github.com")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2001:4860:4860::8888")]
    public void Problem_accepts_public_hosts(string host) => GitHost.Problem(host).ShouldBeNull();
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
