using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Ledgers;
using Gastown.Domain.Reviews;

namespace Gastown.Domain.Tests;

public sealed class EnumTextTests
{
    [Fact]
    public void Spells_values_as_lowercase_words_joined_by_underscores()
    {
        BeadStatus.InProgress.ToText().ShouldBe("in_progress");
        BeadType.MergeRequest.ToText().ShouldBe("merge_request");
        AgentRole.Polecat.ToText().ShouldBe("polecat");
        LedgerKind.TownHq.ToText().ShouldBe("town_hq");
        BeadEventType.StatusChanged.ToText().ShouldBe("status_changed");
    }

    [Fact]
    public void Parses_the_words_back()
    {
        EnumText.Parse<BeadStatus>("in_progress").ShouldBe(BeadStatus.InProgress);
        EnumText.Parse<BeadType>("merge_request").ShouldBe(BeadType.MergeRequest);
    }

    [Fact]
    public void Every_value_of_every_stored_enum_round_trips()
    {
        RoundTrips<BeadType>();
        RoundTrips<BeadStatus>();
        RoundTrips<BeadPriority>();
        RoundTrips<BeadEventType>();
        RoundTrips<AgentRole>();
        RoundTrips<AgentStatus>();
        RoundTrips<ReviewStatus>();
        RoundTrips<LedgerKind>();
    }

    [Theory]
    [InlineData("InProgress")]
    [InlineData("IN_PROGRESS")]
    [InlineData("inprogress")]
    [InlineData("in-progress")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_any_other_spelling(string? text)
    {
        EnumText.TryParse<BeadStatus>(text, out var value).ShouldBeFalse();
        value.ShouldBe(default);
    }

    [Fact]
    public void Parse_names_the_bad_text()
    {
        var error = Should.Throw<FormatException>(() => EnumText.Parse<BeadStatus>("done"));
        error.Message.ShouldContain("'done'");
        error.Message.ShouldContain(nameof(BeadStatus));
    }

    [Fact]
    public void Names_lists_every_spelling()
    {
        EnumText.Names<BeadStatus>().ShouldBe(["open", "in_progress", "closed", "cancelled"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("Open", "open")]
    [InlineData("InProgress", "in_progress")]
    [InlineData("MergeRequest", "merge_request")]
    [InlineData("A", "a")]
    public void ToSnakeCase_splits_at_capitals(string pascal, string snake) => EnumText.ToSnakeCase(pascal).ShouldBe(snake);

    private static void RoundTrips<TEnum>() where TEnum : struct, Enum
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var text = value.ToText();
            text.ShouldMatch("^[a-z]+(_[a-z]+)*$");
            texts.Add(text).ShouldBeTrue($"{text} spelled twice in {typeof(TEnum).Name}");
            EnumText.Parse<TEnum>(text).ShouldBe(value);
        }
    }
}
