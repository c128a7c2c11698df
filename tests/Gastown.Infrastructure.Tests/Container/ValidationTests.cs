using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Tests.Support;
using static Gastown.Infrastructure.Tests.Support.ContainerHarness;

namespace Gastown.Infrastructure.Tests.Container;

/// <summary>Bad names never reach git: nothing is cloned, not even the rigs folder is created.</summary>
public sealed class ValidationTests
{
    [Theory]
    [InlineData("-rf")]
    [InlineData("--upload-pack=touch")]
    [InlineData("a..b")]
    [InlineData("has space")]
    [InlineData("x~1")]
    [InlineData("x.lock")]
    [InlineData("")]
    public async Task Invalid_branch_names_are_refused_before_any_git_runs(string branch)
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell("true"));
        var repository = new RepositoryRef(harness.RigId, harness.Temp.Combine("origin.git"), "main");

        var started = await harness.Container.StartAgentAsync(harness.Polecat(Guid.NewGuid(), repository, branch), Ct);
        var merged = await harness.Container.MergeAsync(new MergeRequest(repository, branch, "Merge"), Ct);

        started.Status.ShouldBe(ResultStatus.Invalid);
        merged.Status.ShouldBe(ResultStatus.Invalid);
        Directory.Exists(Path.Combine(harness.WorkspaceRoot, "rigs")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("--upload-pack=touch /tmp/pwned")]
    [InlineData("ext::sh -c touch% /tmp/pwned")]
    [InlineData("ext::sh")]
    [InlineData("")]
    public async Task Invalid_urls_and_default_branches_are_refused_before_any_git_runs(string url)
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell("true"));
        var badUrl = new RepositoryRef(harness.RigId, url, "main");
        var badDefault = new RepositoryRef(harness.RigId, harness.Temp.Combine("origin.git"), "-main");

        (await harness.Container.StartAgentAsync(harness.Polecat(Guid.NewGuid(), badUrl, "gt/a/b"), Ct)).Status.ShouldBe(ResultStatus.Invalid);
        (await harness.Container.MergeAsync(new MergeRequest(badUrl, "gt/a/b", "Merge"), Ct)).Status.ShouldBe(ResultStatus.Invalid);
        (await harness.Container.MergeAsync(new MergeRequest(badDefault, "gt/a/b", "Merge"), Ct)).Status.ShouldBe(ResultStatus.Invalid);
        Directory.Exists(Path.Combine(harness.WorkspaceRoot, "rigs")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_rig_agent_without_a_branch_is_refused()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell("true"));
        var repository = new RepositoryRef(harness.RigId, harness.Temp.Combine("origin.git"), "main");

        var started = await harness.Container.StartAgentAsync(harness.Polecat(Guid.NewGuid(), repository, null), Ct);

        started.Status.ShouldBe(ResultStatus.Invalid);
    }
}
