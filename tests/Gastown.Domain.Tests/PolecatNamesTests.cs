using Gastown.Domain.Agents;

namespace Gastown.Domain.Tests;

public sealed class PolecatNamesTests
{
    [Fact]
    public void The_pool_starts_with_the_classic_names_and_has_no_duplicates()
    {
        PolecatNames.Pool.Take(3).ShouldBe(["Toast", "Maple", "Birch"]);
        PolecatNames.Pool.Distinct(StringComparer.OrdinalIgnoreCase).Count().ShouldBe(PolecatNames.Pool.Count);
    }

    [Fact]
    public void Candidates_run_through_the_pool_then_number_it()
    {
        var pool = PolecatNames.Pool.Count;
        var candidates = PolecatNames.Candidates().Take(pool * 2 + 1).ToList();

        candidates.Take(pool).ShouldBe(PolecatNames.Pool);
        candidates[pool].ShouldBe("Toast-2");
        candidates[pool + 1].ShouldBe("Maple-2");
        candidates[pool * 2].ShouldBe("Toast-3");
        candidates.Distinct(StringComparer.Ordinal).Count().ShouldBe(candidates.Count);
    }

    [Fact]
    public void FirstFree_takes_the_first_name_nobody_in_the_town_has()
    {
        PolecatNames.FirstFree(new HashSet<string>()).ShouldBe("Toast");
        PolecatNames.FirstFree(new HashSet<string> { "Toast" }).ShouldBe("Maple");
        PolecatNames.FirstFree(new HashSet<string> { "Toast", "Birch" }).ShouldBe("Maple");
    }

    [Fact]
    public void FirstFree_numbers_names_once_the_pool_is_used_up()
    {
        var taken = new HashSet<string>(PolecatNames.Pool);
        PolecatNames.FirstFree(taken).ShouldBe("Toast-2");
        taken.Add("Toast-2");
        PolecatNames.FirstFree(taken).ShouldBe("Maple-2");
    }

    [Fact]
    public void An_early_free_name_is_one_of_the_first_free_ones()
    {
        var taken = new HashSet<string>(PolecatNames.Pool.Take(3));
        var seen = new HashSet<string>();
        var random = new Random(7);
        for (var i = 0; i < 200; i++) seen.Add(PolecatNames.AnyEarlyFree(taken, 4, random));

        seen.ShouldBe(PolecatNames.Pool.Skip(3).Take(4), ignoreOrder: true);
    }

    [Fact]
    public void A_new_polecat_is_idle_with_its_identity_under_the_rig()
    {
        var now = DateTimeOffset.UnixEpoch;
        var polecat = Agent.NewPolecat("web", "Toast", now);

        polecat.Role.ShouldBe(AgentRole.Polecat);
        polecat.Name.ShouldBe("Toast");
        polecat.Identity.ShouldBe("web/polecats/Toast");
        polecat.Status.ShouldBe(AgentStatus.Idle);
        polecat.HookedBeadId.ShouldBeNull();
        polecat.Generation.ShouldBe(0);
        polecat.IsLive.ShouldBeTrue();
    }
}
