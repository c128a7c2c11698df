using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Domain.Agents;
using Gastown.Infrastructure.Container;
using Gastown.Infrastructure.Tests.Support;
using static Gastown.Infrastructure.Tests.Support.ContainerHarness;

namespace Gastown.Infrastructure.Tests.Container;

/// <summary>Polecats without a repository, so these tests need no git.</summary>
public sealed class AgentProcessTests
{
    private static AgentLaunch Agent(ContainerHarness harness, Guid agentId, int generation = 1, string prompt = "watch") =>
        new(harness.TownId, harness.StoreId, agentId, AgentRole.Polecat, "Birch Tree", generation, prompt, "kilo/auto", "token-xyz", null, null);

    [Fact]
    public async Task The_prompt_is_one_argument_and_the_session_is_in_the_environment()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell(
            """echo "argc=$#"; printf 'prompt=%s\n' "$1"; printf 'model=%s\n' "$2"; env | grep -E '^(GASTOWN_|GIT_(AUTHOR|COMMITTER)_)' | grep -v '^GASTOWN_PROMPT=' | LC_ALL=C sort; env | grep -ci '^gastown__' || true""",
            "{prompt}", "{model}"));
        var marker = harness.Temp.Combine("injected");
        var prompt = $"Fix \"it\"; $(touch {marker}) && echo 'x' | cat `touch {marker}`";
        var agentId = Guid.NewGuid();
        Environment.SetEnvironmentVariable("Gastown__Test__Secret", "must-not-leak");

        await harness.StartAsync(Agent(harness, agentId, generation: 4, prompt: prompt));
        (await harness.WaitForExitAsync(agentId)).ExitCode.ShouldBe(0);

        harness.Output(agentId).ShouldBe([
            "argc=2",
            $"prompt={prompt}",
            "model=kilo/auto",
            "GASTOWN_AGENT_ID=" + agentId,
            "GASTOWN_AGENT_NAME=Birch Tree",
            "GASTOWN_API_URL=http://127.0.0.1:5999",
            "GASTOWN_BRANCH=",
            "GASTOWN_DEFAULT_BRANCH=",
            "GASTOWN_MODEL=kilo/auto",
            "GASTOWN_RIG_ID=",
            "GASTOWN_ROLE=polecat",
            "GASTOWN_SESSION_TOKEN=token-xyz",
            "GASTOWN_STORE_ID=" + harness.StoreId,
            "GASTOWN_TOWN_ID=" + harness.TownId,
            "GIT_AUTHOR_EMAIL=birch-tree@gastown.local",
            "GIT_AUTHOR_NAME=Birch Tree (gastown)",
            "GIT_COMMITTER_EMAIL=birch-tree@gastown.local",
            "GIT_COMMITTER_NAME=Birch Tree (gastown)",
            "0",
        ]);
        File.Exists(marker).ShouldBeFalse();
    }

    [Fact]
    public async Task The_prompt_is_also_in_the_environment()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell("""printf '%s\n' "$GASTOWN_PROMPT" """));
        var agentId = Guid.NewGuid();

        await harness.StartAsync(Agent(harness, agentId, prompt: "line one\nline two"));
        await harness.WaitForExitAsync(agentId);

        harness.Output(agentId).ShouldBe(["line one", "line two"]);
    }

    [Fact]
    public async Task Status_is_running_then_exited_with_the_code_and_messages_reach_stdin()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell("""read line; echo "got $line"; exit 3"""));
        var agentId = Guid.NewGuid();
        harness.Container.GetStatus(agentId).State.ShouldBe(AgentProcessState.NotFound);

        var pid = await harness.StartAsync(Agent(harness, agentId, generation: 7));
        var running = harness.Container.GetStatus(agentId);
        running.ShouldBe(new AgentProcessStatus(AgentProcessState.Running, 7, null, pid, null));

        (await harness.Container.SendMessageAsync(agentId, "hello\nworld", Ct)).IsSuccess.ShouldBeTrue();
        var exited = await harness.WaitForExitAsync(agentId);

        exited.State.ShouldBe(AgentProcessState.Exited);
        exited.ExitCode.ShouldBe(3);
        exited.Generation.ShouldBe(7);
        exited.ProcessId.ShouldBe(pid);
        exited.LastOutputAt.ShouldNotBeNull();
        harness.Output(agentId).ShouldBe(["got hello world"]);
        (await harness.Container.SendMessageAsync(agentId, "anyone?", Ct)).Status.ShouldBe(ResultStatus.NotFound);
    }

    [Fact]
    public async Task Output_lines_are_buffered_in_order_between_start_and_exit_status()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell(
            "i=1; while [ $i -le 300 ]; do echo \"line $i\"; i=$((i+1)); done; echo oops >&2; exit 5"));
        var agentId = Guid.NewGuid();

        await harness.StartAsync(Agent(harness, agentId));
        await harness.WaitForExitAsync(agentId);

        var events = harness.Feed.History(agentId);
        events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
        events[0].Kind.ShouldBe(AgentEvent.StatusKind);
        events[0].Text.ShouldStartWith("started");
        events[^1].Kind.ShouldBe(AgentEvent.StatusKind);
        events[^1].Text.ShouldContain("code 5");
        harness.Output(agentId).ShouldBe(Enumerable.Range(1, 300).Select(i => $"line {i}"));
        harness.Output(agentId, AgentEvent.StandardError).ShouldBe(["oops"]);
    }

    [Fact]
    public async Task A_subscriber_gets_the_history_then_live_events_without_a_gap_until_the_exit()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell(
            "echo before; read a; echo \"after $a\"; read b; echo \"after $b\""));
        var agentId = Guid.NewGuid();
        await harness.StartAsync(Agent(harness, agentId));
        await harness.WaitForOutputAsync(agentId, line => line == "before", "the first line");

        using var subscription = harness.Feed.Subscribe(agentId);
        await harness.Container.SendMessageAsync(agentId, "one", Ct);
        await harness.Container.SendMessageAsync(agentId, "two", Ct);
        var live = new List<AgentEvent>();
        await foreach (var agentEvent in subscription.Live.ReadAllAsync(Ct)) live.Add(agentEvent);

        subscription.ProcessEnded.ShouldBeTrue();
        subscription.Dropped.ShouldBeFalse();
        var all = subscription.History.Concat(live).ToList();
        all.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, all.Count).Select(i => (long)i));
        all.Where(e => e.Kind == AgentEvent.OutputKind).Select(e => e.Text).ShouldBe(["before", "after one", "after two"]);
        live[^1].Text.ShouldContain("exited with code 0");
    }

    [Fact]
    public async Task Stop_closes_stdin_first_so_a_polite_agent_can_finish()
    {
        await using var harness = new ContainerHarness(o =>
        {
            o.Agents["polecat"] = Shell("echo ready; read line || echo 'stdin closed'; exit 0");
            o.StopGracePeriod = TimeSpan.FromSeconds(10);
        });
        var agentId = Guid.NewGuid();
        await harness.StartAsync(Agent(harness, agentId));
        await harness.WaitForOutputAsync(agentId, line => line == "ready", "ready");

        await harness.Container.StopAgentAsync(agentId, Ct);

        (await harness.WaitForExitAsync(agentId)).ExitCode.ShouldBe(0);
        harness.Output(agentId).ShouldBe(["ready", "stdin closed"]);
    }

    [Fact]
    public async Task Stop_returns_at_once_and_kills_the_whole_process_tree_after_the_grace_period()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell("sleep 300 & echo \"child $!\"; wait"));
        var agentId = Guid.NewGuid();
        var pid = await harness.StartAsync(Agent(harness, agentId));
        await harness.WaitForOutputAsync(agentId, line => line.StartsWith("child ", StringComparison.Ordinal), "the child's pid");
        // Host pids of the tree (the shell and its sleep child, and bubblewrap's own when sandboxed).
        var tree = Processes.Descendants(pid);
        tree.Count.ShouldBeGreaterThanOrEqualTo(2);
        tree.ShouldAllBe(process => Processes.IsAlive(process));

        var stop = harness.Container.StopAgentAsync(agentId, Ct);

        stop.IsCompleted.ShouldBeTrue();
        var exited = await harness.WaitForExitAsync(agentId);
        exited.ExitCode.ShouldNotBe(0);
        await Eventually.TrueAsync(() => !tree.Any(Processes.IsAlive) && !Processes.IsAlive(pid), "the sleep child and its shell are gone");
        harness.Feed.History(agentId)[^1].Text.ShouldContain("after stop");
    }

    [Fact]
    public async Task The_same_generation_started_twice_is_one_process()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell("exec sleep 300"));
        var agentId = Guid.NewGuid();
        var launch = Agent(harness, agentId, generation: 2);

        var starts = await Task.WhenAll(
            harness.Container.StartAgentAsync(launch, Ct),
            harness.Container.StartAgentAsync(launch, Ct));
        var again = await harness.Container.StartAgentAsync(launch, Ct);

        starts.Append(again).ShouldAllBe(result => result.IsSuccess);
        starts.Append(again).Select(result => result.Value).Distinct().ShouldHaveSingleItem();
        harness.Feed.History(agentId).Count(e => e.Text.StartsWith("started", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task An_older_generation_is_replaced_and_a_stale_start_is_refused()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell("exec sleep 300"));
        var agentId = Guid.NewGuid();
        var first = await harness.StartAsync(Agent(harness, agentId, generation: 1));

        var second = await harness.StartAsync(Agent(harness, agentId, generation: 2));

        second.ShouldNotBe(first);
        Processes.IsAlive(first).ShouldBeFalse();
        harness.Container.GetStatus(agentId).ShouldBe(new AgentProcessStatus(AgentProcessState.Running, 2, null, second, null));
        var stale = await harness.Container.StartAgentAsync(Agent(harness, agentId, generation: 1), Ct);
        stale.Status.ShouldBe(ResultStatus.Conflict);
        Processes.IsAlive(second).ShouldBeTrue();
    }

    [Fact]
    public async Task Disposing_the_container_kills_every_agent()
    {
        var harness = new ContainerHarness(o => o.Agents["polecat"] = Shell("exec sleep 300"));
        var pid = await harness.StartAsync(Agent(harness, Guid.NewGuid()));

        await harness.DisposeAsync();

        await Eventually.TrueAsync(() => !Processes.IsAlive(pid), "the agent is gone");
    }

    [Fact]
    public async Task A_role_without_a_command_runs_the_demo_agent_command()
    {
        await using var harness = new ContainerHarness(o => o.DemoAgentCommand = ["/bin/sh", "-c", "echo demo $GASTOWN_ROLE"]);
        var agentId = Guid.NewGuid();

        await harness.StartAsync(Agent(harness, agentId));
        await harness.WaitForExitAsync(agentId);

        harness.Output(agentId).ShouldBe(["demo polecat"]);
    }

    [Fact]
    public async Task A_missing_executable_or_command_is_an_error()
    {
        await using var harness = new ContainerHarness(o => o.Agents["polecat"] = new AgentCommandOptions { Command = ["/no/such/agent-cli"] });
        var agentId = Guid.NewGuid();

        var missing = await harness.Container.StartAgentAsync(Agent(harness, agentId), Ct);
        var unconfigured = await harness.Container.StartAgentAsync(harness.Mayor(Guid.NewGuid()), Ct);

        missing.Status.ShouldBe(ResultStatus.Error);
        missing.Errors.ShouldHaveSingleItem().ShouldContain("/no/such/agent-cli");
        harness.Container.GetStatus(agentId).State.ShouldBe(AgentProcessState.NotFound);
        unconfigured.Status.ShouldBe(ResultStatus.Error);
    }
}
