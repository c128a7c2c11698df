using Gastown.Domain.Agents;
using Gastown.Domain.Git;

namespace Gastown.Domain.Tests;

public sealed class WorkBranchTests
{
    [Theory]
    [InlineData("Toast", "toast")]
    [InlineData("Toast-2", "toast-2")]
    [InlineData("Big Maple", "big-maple")]
    [InlineData("a/b", "a-b")]
    [InlineData("x..y", "x--y")]
    [InlineData("Émile", "-mile")]
    [InlineData("-lead", "-lead")]
    public void Slug_keeps_lowercase_letters_digits_and_dashes_only(string name, string slug) =>
        WorkBranch.Slug(name).ShouldBe(slug);

    [Fact]
    public void For_names_the_agent_and_the_first_eight_hex_digits_of_the_bead()
    {
        var bead = Guid.Parse("1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809");
        WorkBranch.For("Toast", bead).ShouldBe("gt/toast/1a2b3c4d");
        WorkBranch.For("Maple-2", bead).ShouldBe("gt/maple-2/1a2b3c4d");
    }

    [Theory]
    [InlineData("Toast")]
    [InlineData("Big Maple")]
    [InlineData("x..y")]
    [InlineData("weird:name?*")]
    [InlineData("-lead")]
    [InlineData("a.lock")]
    public void Every_work_branch_is_a_valid_git_branch(string name) =>
        GitBranchName.Problem(WorkBranch.For(name, Guid.NewGuid())).ShouldBeNull();
}
