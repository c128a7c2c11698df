namespace Gastown.Cli.Tests.Towns;

/// <summary>`towns`, `town create|rename|delete`, `use`, `rigs`, `rig add|set|rm`: happy paths and each refusal's exit code and message.</summary>
public sealed class TownAndRigTests(CliServer world) : IClassFixture<CliServer>
{
    [Fact]
    public async Task A_town_and_its_rigs_from_create_to_delete()
    {
        var ann = await (await world.NewUserAsync("ann")).LoginAsync();
        (await ann.RunAsync("towns")).ShouldExit(0).Out.ShouldBe("No towns yet: create one with `gastown town create <name>`.\n");
        (await ann.RunAsync("rigs")).ShouldExit(2).Err.ShouldBe("error: no town yet: create one with `gastown town create <name>`.\n");

        (await ann.RunAsync("town", "create", "alpha")).ShouldExit(0).Out.ShouldMatch(@"^Created town alpha \([0-9a-f-]{36}\)\.\n$");
        (await ann.RunAsync("town", "create", "alpha")).ShouldExit(4).Err.ShouldBe("error: Conflict: You already have a town named 'alpha'.\n");
        (await ann.RunAsync("town", "create", "")).ShouldExit(2).Err.ShouldBe("error: One or more validation errors occurred.\n  name: 'name' must not be empty.\n");
        (await ann.RunAsync("town", "create", "beta")).ShouldExit(0);
        Golden.ShouldMatch((await ann.RunAsync("towns")).ShouldExit(0).Out, "towns");

        // Two towns and no default: say which.
        (await ann.RunAsync("rigs")).ShouldExit(2).Err.ShouldBe("error: 2 towns (alpha, beta): pick one with --town <town> or `gastown use <town>`.\n");
        (await ann.RunAsync("rigs", "--town", "nowhere")).ShouldExit(3).Err.ShouldBe("error: no town 'nowhere'.\n");
        (await ann.RunAsync("use", "alpha")).ShouldExit(0).Out.ShouldMatch(@"^Using town alpha \([0-9a-f-]{36}\)\.\n$");
        (await ann.RunAsync("towns")).ShouldExit(0).Out.ShouldContain("*  alpha");

        (await ann.RunAsync("rig", "add", "web", world.Origin.Path)).ShouldExit(0).Out.ShouldMatch(@"^Added rig web \([0-9a-f-]{36}\) to town alpha\.\n$");
        (await ann.RunAsync("rig", "add", "web", world.Origin.Path)).ShouldExit(4).Err.ShouldStartWith("error: Conflict: ");
        (await ann.RunAsync("rig", "add", "bad", "not a url")).ShouldExit(2).Err.ShouldStartWith("error: One or more validation errors occurred.\n  gitUrl: ");
        (await ann.RunAsync("rig", "add", "api", world.Origin.Path, "--branch", "main", "--town", "beta")).ShouldExit(0).Out.ShouldEndWith(" to town beta.\n");
        (await ann.RunAsync("rig", "add")).ShouldExit(2).Err.ShouldBe(
            "error: Required argument 'name' missing for command: 'add'.\nerror: Required argument 'git-url' missing for command: 'add'.\nRun 'gastown rig add --help' for usage.\n");

        (await ann.RunAsync("rig", "set", "web", "--cap", "2", "--mode", "approve", "--gate", "git status --short", "--max-review-rounds", "2")).ShouldExit(0)
            .Out.ShouldBe("Updated rig web.\n");
        (await ann.RunAsync("rig", "set", "web", "--mode", "sometimes")).ShouldExit(2)
            .Err.ShouldBe("error: One or more validation errors occurred.\n  review.mode: 'review.mode' must be one of auto, approve.\n");
        (await ann.RunAsync("rig", "set", "web")).ShouldExit(2).Err.ShouldStartWith("error: nothing to change: ");
        (await ann.RunAsync("rig", "set", "nope", "--cap", "1")).ShouldExit(3).Err.ShouldBe("error: no rig 'nope' in town alpha.\n");
        Golden.ShouldMatch((await ann.RunAsync("rigs")).ShouldExit(0).Out, "rigs");
        var json = (await ann.RunAsync("rigs", "--json")).ShouldExit(0).Out;
        using (var rigs = System.Text.Json.JsonDocument.Parse(json))
        {
            var web = rigs.RootElement.EnumerateArray().Single();
            web.GetProperty("maxPolecats").GetInt32().ShouldBe(2);
            web.GetProperty("review").GetProperty("gates")[0].EnumerateArray().Select(a => a.GetString()).ShouldBe(["git", "status", "--short"]);
        }

        (await ann.RunAsync("rig", "rm", "web")).ShouldExit(2).Err.ShouldBe("error: this deletes data: pass --yes to confirm.\n");
        (await ann.RunAsync("rig", "rm", "web", "--yes")).ShouldExit(0).Out.ShouldBe("Removed rig web.\n");
        (await ann.RunAsync("rigs")).ShouldExit(0).Out.ShouldBe("No rigs in town alpha: add one with `gastown rig add <name> <git-url>`.\n");

        (await ann.RunAsync("town", "rename", "alpha", "gamma")).ShouldExit(0).Out.ShouldBe("Renamed town alpha to gamma.\n");
        (await ann.RunAsync("town", "delete", "gamma", "--yes")).ShouldExit(0).Out.ShouldBe("Deleted town gamma.\n");
        // The town set with `use` is gone: say so rather than pick another.
        (await ann.RunAsync("rigs")).ShouldExit(3).Err.ShouldStartWith("error: the town set with `gastown use` (");
        (await ann.RunAsync("use", "beta")).ShouldExit(0);
        (await ann.RunAsync("rigs", "--json")).ShouldExit(0).Out.ShouldContain("\"name\": \"api\"");
    }

    [Fact]
    public async Task Another_users_town_is_not_found_exactly_like_a_missing_one()
    {
        var bob = await (await world.NewUserAsync("bob")).LoginAsync();
        var created = (await bob.RunAsync("town", "create", "bobs", "--json")).ShouldExit(0);
        var bobsTown = System.Text.Json.JsonDocument.Parse(created.Out).RootElement.GetProperty("id").GetString()!;

        var cat = await (await world.NewUserAsync("cat")).LoginAsync();
        (await cat.RunAsync("town", "create", "cats")).ShouldExit(0);
        (await cat.RunAsync("rigs", "--town", bobsTown)).ShouldExit(3).Err.ShouldBe($"error: no town '{bobsTown}'.\n");
        (await cat.RunAsync("rigs", "--town", Guid.NewGuid().ToString())).ShouldExit(3).Err.ShouldStartWith("error: no town '");
        (await cat.RunAsync("town", "delete", bobsTown, "--yes")).ShouldExit(3);
        (await cat.RunAsync("towns", "--json")).ShouldExit(0).Out.ShouldNotContain("bobs");
        (await bob.RunAsync("towns", "--json")).ShouldExit(0).Out.ShouldContain("\"name\": \"bobs\"");
    }

    [Fact]
    public async Task Config_get_and_set_with_secrets_asked_for_and_shown_as_stars()
    {
        var dee = await (await world.NewUserAsync("dee")).LoginAsync();
        (await dee.RunAsync("town", "create", "home")).ShouldExit(0);

        (await dee.RunAsync("config", "set", "defaultModel", "demo/fast")).ShouldExit(0).Out.ShouldBe("Set defaultModel of town home.\n");
        (await dee.RunAsync("config", "get", "defaultModel")).ShouldExit(0).Out.ShouldBe("demo/fast\n");
        (await dee.RunAsync("config", "set", "budget.usdPerDay", "2.5")).ShouldExit(0);
        (await dee.RunAsync("config", "get", "budget.usdPerDay")).ShouldExit(0).Out.ShouldBe("2.5\n");

        const string secret = "sk-very-secret-key";
        (await dee.RunAsync("config", "set", "endpoints.openai.apiKey", secret)).ShouldExit(2)
            .Err.ShouldStartWith("error: endpoints.openai.apiKey is a secret: leave the value out");
        var set = (await dee.RunWithInputAsync(secret + "\n", "config", "set", "endpoints.openai.apiKey")).ShouldExit(0);
        set.Out.ShouldBe("Set endpoints.openai.apiKey of town home (stored encrypted, shown as ****).\n");
        (await dee.RunAsync("config", "get", "endpoints.openai.apiKey")).ShouldExit(0).Out.ShouldBe("****\n");
        var all = (await dee.RunAsync("config", "get")).ShouldExit(0);
        all.Out.ShouldContain("\"apiKey\": \"****\"");
        foreach (var run in new[] { set, all }) (run.Out + run.Err).ShouldNotContain(secret);
        (await dee.RunWithInputAsync(secret + "\n", "config", "set", "endpoints.openai.apiKey", "--json")).ShouldExit(0).Out.ShouldNotContain(secret);
        world.Server.Log.ShouldNotContain(secret);

        (await dee.RunAsync("config", "set", "colour", "blue")).ShouldExit(2).Err.ShouldStartWith("error: unknown config key 'colour': one of defaultModel, ");
        (await dee.RunAsync("config", "set", "maxPolecatsPerRig", "many")).ShouldExit(2).Err.ShouldBe("error: maxPolecatsPerRig must be a whole number, not 'many'.\n");
        (await dee.RunAsync("config", "get", "nothing.here")).ShouldExit(3).Err.ShouldBe("error: the town's config has no 'nothing.here'.\n");
        (await dee.RunWithInputAsync("", "config", "set", "git.token")).ShouldExit(2).Err.ShouldBe("error: git.token: nothing entered.\n");
    }
}
