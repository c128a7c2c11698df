using Gastown.Infrastructure.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gastown.Infrastructure.Tests.Sandbox;

/// <summary>Which sandbox a server gets (decision 0021): Production is never unsandboxed by accident.</summary>
public sealed class SandboxSelectionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private SandboxHost Host => SandboxHost.For(_temp.Combine("workspaces"), null);

    private ISandbox Create(string mode, bool production, bool allowUnsandboxed = false, string bwrap = "bwrap") =>
        Sandboxes.Create(new SandboxOptions { Mode = mode, AllowUnsandboxed = allowUnsandboxed, BubblewrapPath = bwrap }, production, Host,
            NullLogger.Instance);

    [Fact]
    public void Production_refuses_none_unless_the_operator_allows_it()
    {
        Should.Throw<InvalidOperationException>(() => Create("none", production: true)).Message.ShouldContain("AllowUnsandboxed");
        Create("none", production: true, allowUnsandboxed: true).Mode.ShouldBe(SandboxMode.None);
        Create("none", production: false).Mode.ShouldBe(SandboxMode.None);
    }

    [Fact]
    public void A_bubblewrap_that_cannot_start_stops_production_and_is_said_in_development()
    {
        Should.Throw<InvalidOperationException>(() => Create("", production: true, bwrap: "/no/such/bwrap")).Message.ShouldContain("bubblewrap");
        // Left unset on a developer's machine without bwrap: it runs, unsandboxed (and says so in the log).
        Create("", production: false, bwrap: "/no/such/bwrap").Mode.ShouldBe(SandboxMode.None);
        // Asked for by name: every start fails with the reason, never a silent fallback.
        var asked = Create("bubblewrap", production: false, bwrap: "/no/such/bwrap");
        asked.Mode.ShouldBe(SandboxMode.Bubblewrap);
        asked.Problem.ShouldNotBeNull().ShouldContain("not installed");
    }

    [Fact]
    public void An_unknown_mode_names_the_setting()
    {
        Should.Throw<InvalidOperationException>(() => Create("docker", production: false)).Message.ShouldContain("Gastown:Sandbox:Mode");
    }

    [Fact]
    public void The_environment_is_the_allow_list_plus_what_gastown_sets()
    {
        Environment.SetEnvironmentVariable("GASTOWN_SELECTION_TEST_SECRET", "server-only");
        Environment.SetEnvironmentVariable("SOME_OPERATOR_KEY", "server-only");
        try
        {
            var start = Create("none", production: false).StartInfo(new SandboxCommand("/bin/true", [], _temp.Path,
                new Dictionary<string, string> { ["GASTOWN_AGENT_ID"] = "a1", ["PATH"] = "/custom" }, new SandboxView(Guid.Empty)));

            start.Environment.Keys.ShouldNotContain("GASTOWN_SELECTION_TEST_SECRET");
            start.Environment.Keys.ShouldNotContain("SOME_OPERATOR_KEY");
            start.Environment["GASTOWN_AGENT_ID"].ShouldBe("a1");
            start.Environment["PATH"].ShouldBe("/custom", "what Gastown sets wins over the host's");
            start.Environment["HOME"].ShouldStartWith(_temp.Combine("workspaces"));
            start.Environment.Keys.ShouldAllBe(name => SandboxEnvironment.IsAllowed(name) || name == "HOME" || name == "GASTOWN_AGENT_ID");
        }
        finally
        {
            Environment.SetEnvironmentVariable("GASTOWN_SELECTION_TEST_SECRET", null);
            Environment.SetEnvironmentVariable("SOME_OPERATOR_KEY", null);
        }
    }

    public void Dispose() => _temp.Dispose();
}
