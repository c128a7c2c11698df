using Gastown.Domain.Git;

namespace Gastown.Domain.Tests;

public sealed class GitRemoteUrlTests
{
    private const string NotANetworkAddress = "must be an https://, http://, ssh:// or git@host:path address";
    private const string LocalRefused = "local repositories (file:// or a path) are not allowed on this server";

    [Theory]
    [InlineData("https://github.com/owner/repo.git")]
    [InlineData("https://github.com/owner/repo")]
    [InlineData("http://git.example.com:8080/team/repo.git")]
    [InlineData("HTTPS://GitHub.com/Owner/Repo.git")]
    [InlineData("ssh://git@github.com/owner/repo.git")]
    [InlineData("ssh://git@example.com:2222/srv/repo.git")]
    [InlineData("git@github.com:owner/repo.git")]
    [InlineData("deploy@git.example.com:team/sub/repo.git")]
    public void Accepts_network_addresses_whatever_the_local_setting(string url)
    {
        GitRemoteUrl.Problem(url, allowLocal: false).ShouldBeNull();
        GitRemoteUrl.Problem(url, allowLocal: true).ShouldBeNull();
        GitRemoteUrl.IsLocal(url).ShouldBeFalse();
    }

    [Theory]
    [InlineData("file:///etc")]
    [InlineData("file:///srv/git/repo.git")]
    [InlineData("FILE:///srv/git/repo.git")]
    [InlineData("/srv/git/repo.git")]
    [InlineData("./repo")]
    [InlineData("../repo")]
    public void Accepts_local_repositories_only_when_allowed(string url)
    {
        GitRemoteUrl.IsLocal(url).ShouldBeTrue();
        GitRemoteUrl.Problem(url, allowLocal: true).ShouldBeNull();
        GitRemoteUrl.Problem(url, allowLocal: false).ShouldBe(LocalRefused);
    }

    [Theory]
    [InlineData(null, "must not be empty")]
    [InlineData("", "must not be empty")]
    [InlineData("   ", "must not be empty")]
    [InlineData("not a url", "must not contain spaces or control characters")]
    [InlineData("https://example.com/a repo.git", "must not contain spaces or control characters")]
    [InlineData("https://example.com/repo.git\n", "must not contain spaces or control characters")]
    [InlineData("https://example.com/\u0001repo.git", "must not contain spaces or control characters")]
    [InlineData("-uhttps://example.com/repo.git", "must not start with '-'")]
    [InlineData("--upload-pack=touch", "must not start with '-'")]
    [InlineData("ftp://example.com/repo.git", NotANetworkAddress)]
    [InlineData("git://example.com/repo.git", NotANetworkAddress)]
    [InlineData("ext::sh", NotANetworkAddress)]
    [InlineData("https://", NotANetworkAddress)]
    [InlineData("file:/etc", NotANetworkAddress)]
    [InlineData("repo", NotANetworkAddress)]
    [InlineData("github.com:owner/repo.git", NotANetworkAddress)]
    [InlineData("git@github.com:owner/re po.git", "must not contain spaces or control characters")]
    public void Refuses_each_invalid_form_with_its_reason(string? url, string reason)
    {
        GitRemoteUrl.Problem(url, allowLocal: false).ShouldBe(reason);
        GitRemoteUrl.Problem(url, allowLocal: true).ShouldBe(reason);
    }

    [Fact]
    public void Refuses_an_address_longer_than_the_limit()
    {
        var prefix = "https://example.com/";
        GitRemoteUrl.Problem(prefix + new string('a', GitRemoteUrl.MaxLength - prefix.Length), allowLocal: false).ShouldBeNull();
        GitRemoteUrl.Problem(prefix + new string('a', GitRemoteUrl.MaxLength - prefix.Length + 1), allowLocal: false)
            .ShouldBe($"must be at most {GitRemoteUrl.MaxLength} characters");
    }
}
