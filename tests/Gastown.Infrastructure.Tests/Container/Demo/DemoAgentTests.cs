using Gastown.Infrastructure.Container.Demo;
using Gastown.Infrastructure.Tests.Support;

namespace Gastown.Infrastructure.Tests.Container.Demo;

public sealed class DemoAgentTests : IDisposable
{
    private const string Branch = "gt/maple/0123abcd";
    private readonly TempDirectory _temp = new();
    private readonly Guid _agentId = Guid.NewGuid();
    private readonly Guid _beadId = Guid.Parse("0123abcd-1111-2222-3333-444455556666");
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    [Fact]
    public async Task The_demo_polecat_writes_the_bead_file_commits_pushes_and_calls_done()
    {
        var origin = await OriginRepository.CreateAsync(_temp);
        var workspace = await WorkspaceAsync(origin);
        await using var api = await FakeAgentApi.StartAsync(_agentId, new { id = _beadId, title = "Add a greeting", body = "Say hello.", status = "in_progress" });

        var exitCode = await RunAsync("polecat", api.Address, workspace);

        exitCode.ShouldBe(0, _error.ToString());
        (await origin.BareGitAsync("show", $"{Branch}:beads/0123abcd.md")).ShouldBe("# Add a greeting\n\nSay hello.");
        (await origin.BareGitAsync("log", "-1", "--format=%s|%an", Branch)).ShouldBe("Add a greeting|Maple (gastown)");
        var done = api.DoneCalls.ShouldHaveSingleItem();
        done.GetProperty("summary").GetString()!.ShouldContain("beads/0123abcd.md");
        api.StatusLines.ShouldBe(["writing beads/0123abcd.md", $"pushing {Branch}"]);
        api.AuthorizationHeaders.ShouldNotBeEmpty();
        api.AuthorizationHeaders.ShouldAllBe(header => header == "Bearer session-token");
        Lines(_output).ShouldContain("hooked bead 0123abcd-1111-2222-3333-444455556666: Add a greeting");
        Lines(_output)[^1].ShouldBe("done");
    }

    [Fact]
    public async Task A_file_line_in_the_body_names_the_file_to_write()
    {
        var origin = await OriginRepository.CreateAsync(_temp);
        var workspace = await WorkspaceAsync(origin);
        await using var api = await FakeAgentApi.StartAsync(_agentId, new { id = _beadId, title = "Write docs", body = "Please.\nfile: docs/guide/hello.txt\n" });

        var exitCode = await RunAsync("polecat", api.Address, workspace);

        exitCode.ShouldBe(0, _error.ToString());
        (await origin.BareGitAsync("show", $"{Branch}:docs/guide/hello.txt")).ShouldBe($"# Write docs\n\nBead {_beadId}");
    }

    [Fact]
    public async Task A_push_no_line_commits_without_pushing_and_still_says_done()
    {
        var origin = await OriginRepository.CreateAsync(_temp);
        var workspace = await WorkspaceAsync(origin);
        await using var api = await FakeAgentApi.StartAsync(_agentId, new { id = _beadId, title = "Keep it local", body = "Local only.\npush: no\n" });

        var exitCode = await RunAsync("polecat", api.Address, workspace);

        exitCode.ShouldBe(0, _error.ToString());
        (await origin.BareGitAsync("branch", "--list", Branch)).ShouldBeEmpty();
        (await TestGit.RunAsync(workspace, "log", "-1", "--format=%s")).ShouldBe("Keep it local");
        api.DoneCalls.ShouldHaveSingleItem();
        api.StatusLines.ShouldBe(["writing beads/0123abcd.md"]);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/escape.txt")]
    [InlineData("docs/../../escape.txt")]
    [InlineData(".git/hooks/pre-commit")]
    public async Task A_file_line_that_leaves_the_worktree_is_ignored(string path)
    {
        var origin = await OriginRepository.CreateAsync(_temp);
        var workspace = await WorkspaceAsync(origin);
        await using var api = await FakeAgentApi.StartAsync(_agentId, new { id = _beadId, title = "Escape", body = $"file: {path}" });

        var exitCode = await RunAsync("polecat", api.Address, workspace);

        exitCode.ShouldBe(0, _error.ToString());
        Lines(_output).ShouldContain(line => line.StartsWith("ignoring 'file:", StringComparison.Ordinal));
        (await origin.BareGitAsync("show", $"{Branch}:beads/0123abcd.md")).ShouldStartWith("# Escape");
        File.Exists(Path.Combine(_temp.Path, "escape.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task Nothing_hooked_means_nothing_to_do()
    {
        await using var api = await FakeAgentApi.StartAsync(_agentId, hookedBead: null);

        var exitCode = await RunAsync("polecat", api.Address, _temp.Path);

        exitCode.ShouldBe(0);
        Lines(_output)[^1].ShouldBe("nothing is hooked to me; nothing to do");
        api.DoneCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_refused_tool_call_is_a_failure_with_its_message()
    {
        await using var api = await FakeAgentApi.StartAsync(_agentId, hookedBead: null, refuse: "Conflict: this session has been replaced.");

        var exitCode = await RunAsync("polecat", api.Address, _temp.Path);

        exitCode.ShouldNotBe(0);
        _error.ToString().ShouldContain("gt_prime: Conflict: this session has been replaced.");
        api.DoneCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_token_the_server_refuses_is_a_failure()
    {
        await using var api = await FakeAgentApi.StartAsync(_agentId, hookedBead: null);

        var exitCode = await RunAsync("polecat", api.Address, _temp.Path, token: "someone-elses-token");

        exitCode.ShouldNotBe(0);
        _error.ToString().ShouldStartWith("demo polecat failed:");
    }

    [Fact]
    public void The_demo_mayor_reads_the_messages_of_its_prompt()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var prompt = $"You are the mayor of the town 'alpha'. Messages from your user:\n\n[{first}] Good morning\n\n[{second}] Please:\nsling web: Docs\n";

        DemoMayor.PromptMessages(prompt).ShouldBe([(first.ToString(), "Good morning"), (second.ToString(), "Please:\nsling web: Docs")]);
        DemoMayor.PromptMessages("no messages here").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_demo_mayor_fails_clearly_when_the_agent_api_is_unreachable()
    {
        // Its real conversation (messages in, slings out) is covered end to end against the server.
        var exitCode = await RunAsync("mayor", "http://127.0.0.1:1", _temp.Path);

        exitCode.ShouldBe(1);
        Lines(_output).ShouldBe(["demo mayor here; reading my messages"]);
        _error.ToString().ShouldStartWith("demo mayor failed:");
    }

    private async Task<string> WorkspaceAsync(OriginRepository origin)
    {
        var workspace = _temp.Combine("worktree");
        await TestGit.RunAsync(_temp.Path, "clone", "--quiet", "--", origin.BarePath, workspace);
        await TestGit.RunAsync(workspace, "checkout", "--quiet", "-b", Branch);
        return workspace;
    }

    private Task<int> RunAsync(string role, string apiUrl, string workingDirectory, string token = FakeAgentApi.Token)
    {
        var environment = new Dictionary<string, string>(TestGit.Environment)
        {
            ["GASTOWN_ROLE"] = role,
            ["GASTOWN_API_URL"] = apiUrl,
            ["GASTOWN_SESSION_TOKEN"] = token,
            ["GASTOWN_AGENT_ID"] = _agentId.ToString(),
            ["GASTOWN_AGENT_NAME"] = "Maple",
            ["GASTOWN_BRANCH"] = Branch,
            ["GIT_AUTHOR_NAME"] = "Maple (gastown)",
            ["GIT_COMMITTER_NAME"] = "Maple (gastown)",
        };
        return DemoAgent.RunAsync(environment, workingDirectory, _output, _error, TestContext.Current.CancellationToken);
    }

    private static string[] Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Dispose() => _temp.Dispose();
}
