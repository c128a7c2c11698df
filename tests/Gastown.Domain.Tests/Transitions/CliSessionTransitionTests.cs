using Gastown.Domain.Agents;
using Gastown.Domain.Beads;

namespace Gastown.Domain.Tests.Transitions;

/// <summary>The CLI session kept on a polecat (decision 0027): which run keeps it, which run continues it, who drops it.</summary>
public sealed class CliSessionTransitionTests
{
    private static readonly DateTimeOffset Then = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Then.AddMinutes(5);

    /// <summary>Hooked to a bead, working under generation 2.</summary>
    private static (Agent Agent, Bead Bead, string Branch) Working()
    {
        var (agent, bead) = Agent.NewPolecat("web", "toast", Then).Hook(Bead.New(BeadType.Issue, "Fix the login", null, Then), Then).State;
        return (agent with { Status = AgentStatus.Working, Generation = 2 }, bead, WorkBranch.For(agent.Name, bead.Id));
    }

    [Fact]
    public void The_current_run_keeps_its_session_with_no_event()
    {
        var (agent, bead, branch) = Working();

        var kept = agent.KeepCliSession(2, bead.Id, new CliSession("s-1", bead.Id, branch), Now);

        kept.State.CliSession.ShouldBe(new CliSession("s-1", bead.Id, branch));
        kept.State.UpdatedAt.ShouldBe(Now);
        kept.Events.ShouldBeEmpty();
    }

    [Fact]
    public void An_older_run_or_another_bead_keeps_nothing()
    {
        var (agent, bead, branch) = Working();

        agent.KeepCliSession(1, bead.Id, new CliSession("old", bead.Id, branch), Now).State.ShouldBeSameAs(agent);
        agent.KeepCliSession(2, Guid.NewGuid(), new CliSession("other", bead.Id, branch), Now).State.ShouldBeSameAs(agent);
    }

    [Fact]
    public void Only_the_same_bead_and_branch_continue_the_session()
    {
        var (agent, bead, branch) = Working();
        var kept = agent.KeepCliSession(2, bead.Id, new CliSession("s-1", bead.Id, branch), Now).State;

        kept.SessionToResume(bead.Id, branch).ShouldBe("s-1");
        kept.SessionToResume(bead.Id, branch + "-2").ShouldBeNull();
        kept.SessionToResume(Guid.NewGuid(), branch).ShouldBeNull();
        kept.SessionToResume(bead.Id, null).ShouldBeNull();
        agent.SessionToResume(bead.Id, branch).ShouldBeNull();
    }

    [Fact]
    public void A_hook_keeps_the_session_and_a_release_drops_it()
    {
        var (agent, bead, branch) = Working();
        var kept = agent.KeepCliSession(2, bead.Id, new CliSession("s-1", bead.Id, branch), Now).State;

        kept.Unhook(Now).State.Hook(bead, Now).State.Agent.CliSession.ShouldNotBeNull();
        kept.Release(Now).State.CliSession.ShouldBeNull();
    }

    [Fact]
    public void A_resume_the_cli_did_not_take_drops_the_session()
    {
        var (agent, bead, branch) = Working();
        var kept = agent.KeepCliSession(2, bead.Id, new CliSession("s-1", bead.Id, branch), Now).State;

        kept.KeepCliSession(2, bead.Id, null, Now).State.CliSession.ShouldBeNull();
    }
}
