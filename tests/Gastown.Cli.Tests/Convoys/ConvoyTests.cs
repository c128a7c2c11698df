using System.Text.Json;

namespace Gastown.Cli.Tests.Convoys;

/// <summary>`convoy create|list|show|start|close` against a real server, the demo agent working the beads on real git.</summary>
public sealed class ConvoyTests(CliServer world) : IClassFixture<CliServer>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    private const string Plan = """
        title = "Greeting feature"

        [[tasks]]
        rig = "web"
        title = "Add API"

        [[tasks]]
        rig = "web"
        title = "Add UI"
        dependsOn = [0]

        [[tasks]]
        rig = "web"
        title = "Add docs"
        dependsOn = [0]
        """;

    [Fact]
    public async Task A_staged_plan_is_shown_as_a_tree_started_and_landed_in_order()
    {
        var cli = await (await world.NewUserAsync("una")).LoginAsync();
        var origin = await BareRepository.CreateAsync(world.Temp.Sub($"origin-{Guid.NewGuid():N}"));
        (await cli.RunAsync("town", "create", "alpha")).ShouldExit(0);
        (await cli.RunAsync("rig", "add", "web", origin.Path)).ShouldExit(0);
        var plan = Path.Combine(cli.Home, "plan.toml");
        await File.WriteAllTextAsync(plan, Plan);

        var created = (await cli.RunAsync("convoy", "create", "--file", plan, "--staged")).ShouldExit(0).Out;
        created.ShouldMatch("^Created convoy [0-9a-f-]{36} \\(Greeting feature\\): 3 beads, staged\\.\n$");
        var convoyId = created["Created convoy ".Length..][..36];

        var tree = (await cli.RunAsync("convoy", "show", convoyId[..8])).ShouldExit(0).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        tree[0].ShouldBe("Greeting feature  staged  direct  0/3 merged");
        tree.Length.ShouldBe(4, string.Join('\n', tree));
        tree[1].ShouldMatch("^└─ [0-9a-f]{8}  web  open  Add API$");
        tree[2].ShouldMatch("^   ├─ [0-9a-f]{8}  web  open \\(waits\\)  Add UI$");
        tree[3].ShouldMatch("^   └─ [0-9a-f]{8}  web  open \\(waits\\)  Add docs$");
        (await cli.RunAsync("convoy", "list")).ShouldExit(0).Out.ShouldContain($"{convoyId[..8]}  staged  direct  0/3   0       Greeting feature");

        (await cli.RunAsync("convoy", "start", "Greeting feature")).ShouldExit(0).Out.ShouldBe($"Started convoy {convoyId} (Greeting feature): active.\n");
        (await cli.RunAsync("convoy", "start", convoyId)).ShouldExit(4).Err.ShouldStartWith("error: Conflict: ");

        var landed = await Eventually.MatchAsync(async () => JsonDocument.Parse((await cli.RunAsync("convoy", "show", convoyId, "--json")).ShouldExit(0).Out).RootElement.Clone(),
            c => c.GetProperty("status").GetString() == "landed", "the convoy to land", RunTimeout);
        landed.GetProperty("closed").GetInt32().ShouldBe(3);
        (await cli.RunAsync("convoy", "show", convoyId)).ShouldExit(0).Out.ShouldStartWith("Greeting feature  landed  direct  3/3 merged\n└─ ");
        (await cli.RunAsync("convoy", "list", "--status", "landed", "--json")).ShouldExit(0).Out.ShouldContain(convoyId);
        (await cli.RunAsync("convoy", "close", convoyId)).ShouldExit(4);
    }

    [Fact]
    public async Task A_convoy_whose_work_finds_no_free_polecat_shows_stranded_with_the_reason_in_list_and_show()
    {
        var cli = await (await world.NewUserAsync("wes")).LoginAsync();
        var origin = await BareRepository.CreateAsync(world.Temp.Sub($"origin-{Guid.NewGuid():N}"));
        (await cli.RunAsync("town", "create", "alpha")).ShouldExit(0);
        (await cli.RunAsync("rig", "add", "web", origin.Path)).ShouldExit(0);
        (await cli.RunAsync("config", "set", "maxPolecatsPerRig", "1")).ShouldExit(0);
        // The rig's one polecat is taken by other work that waits for a nudge.
        var hog = JsonDocument.Parse((await cli.RunAsync("sling", "web", "Hog", "--body", "wait: nudge", "--json")).ShouldExit(0).Out).RootElement;
        var polecat = hog.GetProperty("agent").GetProperty("name").GetString()!;
        var plan = Path.Combine(cli.Home, "plan.toml");
        await File.WriteAllTextAsync(plan, Plan);
        var convoyId = JsonDocument.Parse((await cli.RunAsync("convoy", "create", "--file", plan, "--json")).ShouldExit(0).Out).RootElement.GetProperty("id").GetString()!;

        var stranded = await Eventually.MatchAsync(async () => JsonDocument.Parse((await cli.RunAsync("convoy", "show", convoyId, "--json")).ShouldExit(0).Out).RootElement.Clone(),
            c => c.TryGetProperty("stranded", out var s) && s.ValueKind == JsonValueKind.Object, "the convoy to be stranded", RunTimeout);
        stranded.GetProperty("status").GetString().ShouldBe("active");
        stranded.GetProperty("stranded").GetProperty("reason").GetString().ShouldBe("cap_reached");

        var tree = (await cli.RunAsync("convoy", "show", convoyId[..8])).ShouldExit(0).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        tree[0].ShouldBe("Greeting feature  active (stranded: cap reached)  direct  0/3 merged");
        tree[1].ShouldMatch("^stranded since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ: rig web has all 1 of its polecats busy with other work$");
        tree[2].ShouldMatch("^└─ [0-9a-f]{8}  web  open  Add API$");
        (await cli.RunAsync("convoy", "list")).ShouldExit(0).Out.ShouldContain($"{convoyId[..8]}  active (stranded: cap reached)  direct  0/3   0       Greeting feature");

        (await cli.RunAsync("convoy", "close", convoyId)).ShouldExit(0);
        (await cli.RunAsync("nudge", polecat, "Carry on.")).ShouldExit(0);
    }

    [Fact]
    public async Task A_land_plan_shows_its_feature_branch_and_each_rigs_landing_and_lands_in_one_merge()
    {
        var cli = await (await world.NewUserAsync("lana")).LoginAsync();
        var origin = await BareRepository.CreateAsync(world.Temp.Sub($"origin-{Guid.NewGuid():N}"));
        (await cli.RunAsync("town", "create", "alpha")).ShouldExit(0);
        (await cli.RunAsync("rig", "add", "web", origin.Path)).ShouldExit(0);
        var plan = Path.Combine(cli.Home, "plan.toml");
        await File.WriteAllTextAsync(plan, Plan);

        var created = (await cli.RunAsync("convoy", "create", "--file", plan, "--mode", "land", "--staged")).ShouldExit(0).Out;
        var convoyId = created["Created convoy ".Length..][..36];
        var feature = $"convoy/greeting-feature/{convoyId[..8]}/head";
        var tree = (await cli.RunAsync("convoy", "show", convoyId)).ShouldExit(0).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        tree[..3].ShouldBe(["Greeting feature  staged  land  0/3 merged", $"feature branch {feature}", "  landing into web: not yet"]);

        (await cli.RunAsync("convoy", "start", convoyId)).ShouldExit(0);
        await Eventually.MatchAsync(async () => JsonDocument.Parse((await cli.RunAsync("convoy", "show", convoyId, "--json")).ShouldExit(0).Out).RootElement.Clone(),
            c => c.GetProperty("status").GetString() == "landed", "the convoy to land", RunTimeout);
        (await cli.RunAsync("convoy", "show", convoyId)).ShouldExit(0).Out.ShouldContain($"  landing into web: review {convoyId[..8]} merged\n");
        (await origin.LogAsync())[0].ShouldBe($"Merge {feature}: land convoy Greeting feature");
    }

    [Fact]
    public async Task Bad_plans_and_unknown_convoys_exit_with_what_is_wrong_and_close_cancels_the_open_beads()
    {
        var cli = await (await world.NewUserAsync("vic")).LoginAsync();
        var origin = await BareRepository.CreateAsync(world.Temp.Sub($"origin-{Guid.NewGuid():N}"));
        (await cli.RunAsync("town", "create", "alpha")).ShouldExit(0);
        (await cli.RunAsync("rig", "add", "web", origin.Path)).ShouldExit(0);

        var cycle = Path.Combine(cli.Home, "cycle.json");
        await File.WriteAllTextAsync(cycle, """{"title": "Loop", "tasks": [{"rig": "web", "title": "A", "dependsOn": [1]}, {"rig": "web", "title": "B", "dependsOn": [0]}]}""");
        (await cli.RunAsync("convoy", "create", "--file", cycle)).ShouldExit(2).Err.ShouldStartWith("error: One or more validation errors occurred.\n  tasks[");
        (await cli.RunAsync("convoy", "list")).ShouldExit(0).Out.ShouldBe("No convoys.\n");
        var garbled = Path.Combine(cli.Home, "garbled.toml");
        await File.WriteAllTextAsync(garbled, "title = ");
        (await cli.RunAsync("convoy", "create", "--file", garbled)).ShouldExit(2).Err.ShouldStartWith("error: garbled.toml is not a plan: ");
        (await cli.RunAsync("convoy", "create", "--file", Path.Combine(cli.Home, "none.json"))).ShouldExit(3);
        (await cli.RunAsync("convoy", "show", "abcdef12")).ShouldExit(3).Err.ShouldBe("error: no convoy 'abcdef12' in town alpha.\n");

        var plan = Path.Combine(cli.Home, "plan.toml");
        await File.WriteAllTextAsync(plan, Plan);
        var convoy = JsonDocument.Parse((await cli.RunAsync("convoy", "create", "--file", plan, "--staged", "--json")).ShouldExit(0).Out).RootElement;
        var convoyId = convoy.GetProperty("id").GetString()!;
        var closed = (await cli.RunAsync("convoy", "close", convoyId)).ShouldExit(0).Out;
        closed.ShouldBe($"Closed convoy {convoyId} (Greeting feature): closed.\n");
        var beads = JsonDocument.Parse((await cli.RunAsync("beads", "--json")).ShouldExit(0).Out).RootElement.EnumerateArray().ToList();
        beads.Count.ShouldBe(3);
        beads.ShouldAllBe(b => b.GetProperty("status").GetString() == "cancelled");
    }
}
