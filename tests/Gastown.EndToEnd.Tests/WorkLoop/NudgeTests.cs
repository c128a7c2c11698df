using System.Net.Http.Json;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.WorkLoop;

/// <summary>
/// Nudges with the real server and the demo polecat (a real process reading its input): a running polecat gets the
/// nudge on its input at once; one that is not running gets it at the start of its next run. Either way the polecat
/// writes what it got into the file it commits, so the merged file shows the nudge arrived.
/// </summary>
public sealed class NudgeTests : ServerTest
{
    [Fact]
    public async Task A_running_polecat_gets_the_nudge_on_its_input_and_its_work_shows_it()
    {
        var sling = await Api.SlingAsync(RigId, "Wait for word", "file: nudged.md\nwait: nudge");
        await Eventually.MatchAsync(() => AgentJsonAsync(sling.Agent!.Id),
            agent => agent.GetProperty("statusLine").GetString() == "waiting for a nudge", "the polecat to wait for a nudge");

        var nudge = await NudgeAsync(sling.Agent!.Id, "Mention the changelog too.");

        nudge.GetProperty("delivery").GetString().ShouldBe("delivered");
        nudge.GetProperty("mail").GetProperty("subject").GetString().ShouldBe("NUDGE");
        nudge.GetProperty("mail").GetProperty("delivered").GetBoolean().ShouldBeTrue();
        await Api.BeadReachesAsync(RigId, sling.Bead.Id, "closed");
        (await Origin.ShowFileAsync("nudged.md")).ShouldContain("Nudge: Mention the changelog too.");
    }

    [Fact]
    public async Task A_nudge_to_a_polecat_that_is_not_running_arrives_at_the_start_of_its_next_run()
    {
        var first = await Api.SlingAsync(RigId, "First", "file: first.md");
        await Api.BeadReachesAsync(RigId, first.Bead.Id, "closed");
        var polecat = first.Agent!.Id;

        var nudge = await NudgeAsync(polecat, "Keep the files short.");
        nudge.GetProperty("delivery").GetString().ShouldBe("next_run");
        nudge.GetProperty("mail").GetProperty("delivered").GetBoolean().ShouldBeFalse();

        var second = await Api.SlingAsync(RigId, "Second", "file: second.md");
        second.Agent!.Id.ShouldBe(polecat); // the idle polecat takes it: its next run
        await Api.BeadReachesAsync(RigId, second.Bead.Id, "closed");
        (await Origin.ShowFileAsync("second.md")).ShouldContain("Nudge from overseer: Keep the files short.");
        (await Origin.ShowFileAsync("first.md")).ShouldNotContain("Nudge");
    }

    [Fact]
    public async Task A_nudge_without_a_message_or_to_an_unknown_agent_is_refused()
    {
        var sling = await Api.SlingAsync(RigId, "Anything", "file: any.md");
        using (var empty = await Api.Http.PostAsJsonAsync($"api/rigs/{RigId}/agents/{sling.Agent!.Id}/nudge", new { message = " " }))
            ((int)empty.StatusCode).ShouldBe(400);
        using (var unknown = await Api.Http.PostAsJsonAsync($"api/rigs/{RigId}/agents/{Guid.NewGuid()}/nudge", new { message = "hi" }))
            ((int)unknown.StatusCode).ShouldBe(404);
    }

    private async Task<JsonElement> NudgeAsync(Guid agentId, string message)
    {
        using var response = await Api.Http.PostAsJsonAsync($"api/rigs/{RigId}/agents/{agentId}/nudge", new { message });
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> AgentJsonAsync(Guid agentId)
    {
        using var response = await Api.Http.GetAsync($"api/rigs/{RigId}/agents");
        var agents = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return agents.EnumerateArray().Single(agent => agent.GetProperty("id").GetGuid() == agentId).Clone();
    }
}
