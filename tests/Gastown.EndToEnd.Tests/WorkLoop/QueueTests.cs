using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.WorkLoop;

/// <summary>The polecat cap counts live polecats; work beyond it waits in the queue and runs when one frees up.</summary>
public sealed class QueueTests : ServerTest
{
    [Fact]
    public async Task Six_slings_on_a_cap_of_five_queue_the_sixth_then_run_it()
    {
        var slings = new List<SlingView>();
        for (var i = 1; i <= 6; i++) slings.Add(await Api.SlingAsync(RigId, $"Task {i}"));

        slings.Take(5).ShouldAllBe(s => !s.Queued && s.Agent != null);
        slings[5].Queued.ShouldBeTrue();
        slings[5].Agent.ShouldBeNull();
        slings[5].Bead.Status.ShouldBe("open");
        slings.Take(5).Select(s => s.Agent!.Name).Distinct().Count().ShouldBe(5);

        foreach (var sling in slings) await Api.BeadReachesAsync(RigId, sling.Bead.Id, "closed");

        (await Api.AgentsAsync(RigId)).Count.ShouldBe(5);
        (await Origin.LogAsync()).Count(subject => subject.StartsWith("Merge ", StringComparison.Ordinal)).ShouldBe(6);
        var sixth = await Api.EventsAsync(RigId, slings[5].Bead.Id);
        sixth.Select(e => e.Type).ShouldContain("hooked");
    }
}
