using System.Net;
using System.Net.Http.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Mayor;

public sealed record MayorView(AgentView? Mayor, List<BeadView> Messages);

/// <summary>Talking to the town through its (demo) mayor, and what a mayor's token may reach.</summary>
public sealed class MayorTests : ServerTest
{
    private CapturedSessions Sessions => new(System.IO.Path.Combine(SharedWithAgents, "mayor-sessions.txt"));

    // The real demo mayor, behind a wrapper that records its session token.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(AgentCommand("mayor",
        "/bin/sh", "-c", $"{Sessions.Record}; exec \"$0\" \"$@\"",
        Infrastructure.Container.DotnetHost.Path, GastownServer.ProgramPath, "demo-agent"));

    private Task<MayorView> MayorAsync() => Api.Http.GetFromJsonAsync<MayorView>($"api/towns/{TownId}/mayor", GastownApi.Json)!;

    [Fact]
    public async Task Messages_reach_one_persistent_mayor_that_slings_into_the_named_rig()
    {
        var apiRig = await Api.CreateRigAsync(TownId, "api", Origin.Path);

        var first = await Api.SendMessageAsync(TownId, "Good morning, mayor.");
        first.Bead.Type.ShouldBe("message");
        first.Agent.Role.ShouldBe("mayor");
        var started = await Eventually.MatchAsync(MayorAsync,
            view => view.Mayor is { Status: "working", ProcessId: not null } && view.Messages.Single().Status == "closed", "the mayor to answer");

        var second = await Api.SendMessageAsync(TownId, "Please do this:\nsling api: Document the API");
        second.Agent.Id.ShouldBe(first.Agent.Id);
        var answered = await Eventually.MatchAsync(MayorAsync,
            view => view.Messages.All(m => m.Status == "closed") && view.Messages.Count == 2, "the second message to be handled");

        // The same process and session handled both.
        answered.Mayor!.Generation.ShouldBe(started.Mayor!.Generation);
        answered.Mayor.ProcessId.ShouldBe(started.Mayor.ProcessId);
        (await Sessions.AtLeastAsync(1)).Count.ShouldBe(1);

        var slung = await Eventually.MatchAsync(() => Api.BeadsAsync(apiRig), beads => beads.Any(b => b.Title == "Document the API"), "the mayor's sling");
        slung.Single().Metadata["slung_by"].ShouldBe($"mayor:{first.Agent.Id}");
        (await Api.BeadsAsync(RigId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_plan_message_becomes_a_convoy_whose_beads_run_in_order_each_after_the_merge_it_waits_for()
    {
        var sent = await Api.SendMessageAsync(TownId, "plan web: Add API; Add UI after 1; Add docs after 1");

        var beads = await Eventually.MatchAsync(() => Api.BeadsAsync(RigId), all => all.Count == 3 && all.All(b => b.Status == "closed"),
            "the three planned beads to be merged", TimeSpan.FromMinutes(3));
        beads.ShouldAllBe(bead => bead.Metadata["slung_by"] == $"mayor:{sent.Agent.Id}");
        var conversation = await Api.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"api/towns/{TownId}/mayor", GastownApi.Json);
        conversation.GetProperty("conversation").EnumerateArray().Select(line => line.GetProperty("text").GetString())
            .ShouldContain(text => text!.StartsWith("planned convoy ", StringComparison.Ordinal) && text.Contains("with 3 tasks in web:"));

        // One convoy of the three, landed once all of them merged.
        var convoy = await Eventually.MatchAsync(
            () => Api.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"api/towns/{TownId}/convoys", GastownApi.Json),
            convoys => convoys.GetArrayLength() == 1 && convoys[0].GetProperty("status").GetString() == "landed", "the plan's convoy to land");
        convoy[0].GetProperty("total").GetInt32().ShouldBe(3);
        convoy[0].GetProperty("closed").GetInt32().ShouldBe(3);

        // On the remote: each dependent's commit was made on top of the merged work it waited for.
        var commits = (await BareRepository.GitAsync(Origin.Path, "log", "--format=%H %s", "main"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', 2)).ToList();
        string Commit(string title) => commits.First(commit => commit[1] == title)[0];
        foreach (var dependent in new[] { "Add UI", "Add docs" })
            await BareRepository.GitAsync(Origin.Path, "merge-base", "--is-ancestor", Commit("Add API"), Commit(dependent));
    }

    [Fact]
    public async Task A_mayor_token_reaches_its_own_town_only()
    {
        var mayorId = (await Api.SendMessageAsync(TownId, "hello")).Agent.Id;
        var (_, token) = (await Sessions.AtLeastAsync(1))[0];
        var otherTown = await Api.CreateTownAsync("beta");
        var otherRig = await Api.CreateRigAsync(otherTown, "elsewhere", Origin.Path);

        using var mayor = Server.Client(token);
        var rigs = await mayor.GetFromJsonAsync<List<BeadlessRig>>($"api/agent/{mayorId}/town/rigs", GastownApi.Json);
        rigs!.Select(r => r.Id).ShouldBe([RigId]);

        (await mayor.PostAsJsonAsync($"api/agent/{mayorId}/town/rigs/{otherRig}/sling", new { title = "Trespass" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await mayor.GetAsync($"api/agent/{mayorId}/town/rigs/{otherRig}/beads")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Api.BeadsAsync(otherRig)).ShouldBeEmpty();

        (await mayor.PostAsJsonAsync($"api/agent/{mayorId}/town/rigs/{RigId}/sling", new { title = "Allowed" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await mayor.GetAsync($"api/agent/{mayorId}/town/rigs/{RigId}/agents")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Bad_messages_are_400_and_another_users_town_is_404()
    {
        (await Api.Http.PostAsJsonAsync($"api/towns/{TownId}/messages", new { message = "" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var tooLong = await Api.Http.PostAsJsonAsync($"api/towns/{TownId}/messages", new { message = new string('x', 32_001) });
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooLong.Content.ReadAsStringAsync()).ShouldContain("\"message\"");
        (await Api.Http.PostAsJsonAsync($"api/towns/{TownId}/messages", new { message = new string('x', 32_000) })).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        using var bob = Server.Client(await OperatorCli.AddUserAsync(DataDirectory, "bob"));
        (await bob.PostAsJsonAsync($"api/towns/{TownId}/messages", new { message = "hi" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await bob.GetAsync($"api/towns/{TownId}/mayor")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await bob.PostAsJsonAsync($"api/towns/{Guid.NewGuid()}/messages", new { message = "hi" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private sealed record BeadlessRig(Guid Id, string Name);
}
