using Gastown.Infrastructure.Container.Demo;

namespace Gastown.Infrastructure.Tests.Container.Demo;

public sealed class DemoPlanTests
{
    [Fact]
    public void A_plan_line_gives_the_rig_and_each_task_with_the_earlier_tasks_it_waits_for()
    {
        var (plan, problem) = DemoPlan.Parse("plan web: Add API; Add UI after 1; Add docs after 1; Ship it after 2 and 3");

        problem.ShouldBeNull();
        plan!.Rig.ShouldBe("web");
        plan.Tasks.Select(task => task.Title).ShouldBe(["Add API", "Add UI", "Add docs", "Ship it"]);
        plan.Tasks.Select(task => string.Join(",", task.After)).ShouldBe(["", "0", "0", "1,2"]);
        plan.Title.ShouldBe("Plan for web: Add API; Add UI; Add docs; Ship it");
    }

    [Theory]
    [InlineData("PLAN  web :Add API;;  Add UI AFTER 1 ; ", "web", "Add API|Add UI")]
    [InlineData("plan 3f1c9a7e-1111-2222-3333-444455556666: Go after the bus", "3f1c9a7e-1111-2222-3333-444455556666", "Go after the bus")]
    [InlineData("plan web: One; Two after 1, 1", "web", "One|Two")]
    public void Spacing_case_repeats_and_words_that_only_look_like_after_are_read_as_meant(string line, string rig, string titles)
    {
        var (plan, problem) = DemoPlan.Parse(line);

        problem.ShouldBeNull();
        plan!.Rig.ShouldBe(rig);
        string.Join("|", plan.Tasks.Select(task => task.Title)).ShouldBe(titles);
        plan.Tasks[^1].After.Count.ShouldBeLessThanOrEqualTo(1);
    }

    [Theory]
    [InlineData("plan web: Add UI after 1", "earlier task")]
    [InlineData("plan web: Add API; Add UI after 2", "not 2")]
    [InlineData("plan web: Add API; Add UI after 0", "not 0")]
    [InlineData("plan web: Add API; after 1", "task 2 has no title")]
    [InlineData("plan web:  ; ", "no tasks")]
    public void A_plan_the_mayor_cannot_act_on_says_why(string line, string why)
    {
        var (plan, problem) = DemoPlan.Parse(line);

        plan.ShouldBeNull();
        problem.ShouldNotBeNull().ShouldContain(why);
    }

    [Fact]
    public void Only_lines_starting_with_plan_and_a_rig_are_plans()
    {
        DemoPlan.IsPlan("plan web: Add API").ShouldBeTrue();
        DemoPlan.IsPlan("sling web: Add API").ShouldBeFalse();
        DemoPlan.IsPlan("We should plan this carefully").ShouldBeFalse();
        DemoPlan.IsPlan("planet web: x").ShouldBeFalse();
        DemoPlan.Parse(string.Join("; ", Enumerable.Range(1, DemoPlan.MaxTasks + 1).Select(i => $"T{i}"))).Problem.ShouldNotBeNull();
        DemoPlan.Parse("plan web: " + string.Join("; ", Enumerable.Range(1, DemoPlan.MaxTasks + 1).Select(i => $"T{i}"))).Problem!.ShouldContain("at most");
    }
}
