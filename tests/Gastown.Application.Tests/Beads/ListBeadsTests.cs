using Gastown.Application.Beads;
using Ardalis.Result;
using Gastown.Application.Beads.ListBeads;
using Gastown.Application.Common.Paging;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.Beads;

public abstract class ListBeadsTests(TestStorage storage) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>Beads a minute apart, oldest first; statuses cycle open, in_progress, closed.</summary>
    private async Task<(Actor Owner, Guid RigId, Bead[] Beads)> RigWithBeadsAsync(int count)
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        BeadStatus[] statuses = [BeadStatus.Open, BeadStatus.InProgress, BeadStatus.Closed];
        var beads = Enumerable.Range(0, count)
            .Select(i => Bead.New(BeadType.Issue, $"bead {i}", null, Start.AddMinutes(i)) with { Status = statuses[i % 3] })
            .ToArray();
        await _app.InsertBeadsAsync(rig.Id, beads);
        return (owner, rig.Id, beads);
    }

    [Fact]
    public async Task An_empty_rig_has_an_empty_last_page()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();

        var page = await _app.SendAsync(owner, new ListBeadsQuery(rig.Id));

        page.ShouldHaveStatus(ResultStatus.Ok);
        page.Value.Items.ShouldBeEmpty();
        page.Value.NextCursor.ShouldBeNull();
    }

    [Fact]
    public async Task Lists_every_bead_newest_first()
    {
        var (owner, rigId, beads) = await RigWithBeadsAsync(5);

        var page = (await _app.SendAsync(owner, new ListBeadsQuery(rigId))).Value;

        page.Items.Select(bead => bead.Id).ShouldBe(beads.Reverse().Select(bead => bead.Id));
        page.NextCursor.ShouldBeNull();
    }

    [Fact]
    public async Task The_default_page_is_100_beads()
    {
        var (owner, rigId, _) = await RigWithBeadsAsync(101);

        var page = (await _app.SendAsync(owner, new ListBeadsQuery(rigId))).Value;

        page.Items.Count.ShouldBe(ListBeadsQuery.DefaultLimit);
        page.NextCursor.ShouldNotBeNull();
    }

    [Fact]
    public async Task Pages_follow_one_another_through_the_cursor_without_gaps_or_repeats()
    {
        var (owner, rigId, beads) = await RigWithBeadsAsync(7);

        var pages = new List<Page<BeadResponse>>();
        string? cursor = null;
        do
        {
            var page = await _app.SendAsync(owner, new ListBeadsQuery(rigId, Limit: 3, Cursor: cursor));
            page.ShouldHaveStatus(ResultStatus.Ok);
            pages.Add(page.Value);
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null && pages.Count < 10);

        pages.Select(page => page.Items.Count).ShouldBe([3, 3, 1]);
        pages.SelectMany(page => page.Items).Select(bead => bead.Id).ShouldBe(beads.Reverse().Select(bead => bead.Id));
    }

    [Fact]
    public async Task A_page_that_ends_exactly_at_the_last_bead_has_no_cursor()
    {
        var (owner, rigId, _) = await RigWithBeadsAsync(4);

        var first = (await _app.SendAsync(owner, new ListBeadsQuery(rigId, Limit: 2))).Value;
        var second = (await _app.SendAsync(owner, new ListBeadsQuery(rigId, Limit: 2, Cursor: first.NextCursor))).Value;

        second.Items.Count.ShouldBe(2);
        second.NextCursor.ShouldBeNull();
    }

    [Theory]
    [InlineData("open", BeadStatus.Open)]
    [InlineData("in_progress", BeadStatus.InProgress)]
    [InlineData("closed", BeadStatus.Closed)]
    public async Task Filters_by_status(string status, BeadStatus expected)
    {
        var (owner, rigId, beads) = await RigWithBeadsAsync(9);

        var page = (await _app.SendAsync(owner, new ListBeadsQuery(rigId, status))).Value;

        page.Items.Select(bead => bead.Id).ShouldBe(beads.Where(bead => bead.Status == expected).Reverse().Select(bead => bead.Id));
    }

    [Fact]
    public async Task A_status_with_no_beads_gives_an_empty_list()
    {
        var (owner, rigId, _) = await RigWithBeadsAsync(3);
        (await _app.SendAsync(owner, new ListBeadsQuery(rigId, "cancelled"))).Value.Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_cursor_keeps_the_status_filter()
    {
        var (owner, rigId, beads) = await RigWithBeadsAsync(12);
        var open = beads.Where(bead => bead.Status == BeadStatus.Open).Reverse().Select(bead => bead.Id).ToList();

        var first = (await _app.SendAsync(owner, new ListBeadsQuery(rigId, "open", Limit: 3))).Value;
        var second = (await _app.SendAsync(owner, new ListBeadsQuery(rigId, "open", Limit: 3, Cursor: first.NextCursor))).Value;

        first.Items.Select(bead => bead.Id).ShouldBe(open.Take(3));
        second.Items.Select(bead => bead.Id).ShouldBe(open.Skip(3));
        second.NextCursor.ShouldBeNull();
    }

    [Fact]
    public async Task Beads_created_at_the_same_instant_still_page_without_gaps()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        var beads = Enumerable.Range(0, 5).Select(i => Bead.New(BeadType.Issue, $"same {i}", null, Start)).ToArray();
        await _app.InsertBeadsAsync(rig.Id, beads);

        var first = (await _app.SendAsync(owner, new ListBeadsQuery(rig.Id, Limit: 2))).Value;
        var second = (await _app.SendAsync(owner, new ListBeadsQuery(rig.Id, Limit: 2, Cursor: first.NextCursor))).Value;
        var third = (await _app.SendAsync(owner, new ListBeadsQuery(rig.Id, Limit: 2, Cursor: second.NextCursor))).Value;

        first.Items.Concat(second.Items).Concat(third.Items).Select(bead => bead.Id)
            .ShouldBe(beads.Select(bead => bead.Id), ignoreOrder: true);
        third.NextCursor.ShouldBeNull();
    }

    [Fact]
    public async Task Takes_limits_of_1_to_500()
    {
        var (owner, rigId, _) = await RigWithBeadsAsync(2);

        (await _app.SendAsync(owner, new ListBeadsQuery(rigId, Limit: 1))).Value.Items.Count.ShouldBe(1);
        (await _app.SendAsync(owner, new ListBeadsQuery(rigId, Limit: ListBeadsQuery.MaxLimit))).ShouldHaveStatus(ResultStatus.Ok);
        (await _app.SendAsync(owner, new ListBeadsQuery(rigId, Limit: 0))).ShouldBeInvalidOn("limit");
        (await _app.SendAsync(owner, new ListBeadsQuery(rigId, Limit: -1))).ShouldBeInvalidOn("limit");
        (await _app.SendAsync(owner, new ListBeadsQuery(rigId, Limit: ListBeadsQuery.MaxLimit + 1))).ShouldBeInvalidOn("limit");
    }

    [Theory]
    [InlineData("done")]
    [InlineData("InProgress")]
    [InlineData("OPEN")]
    [InlineData("")]
    public async Task Refuses_an_unknown_status(string status)
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();

        var result = await _app.SendAsync(owner, new ListBeadsQuery(rig.Id, status));

        result.ShouldBeInvalidOn("status");
        result.ValidationErrors.Single().ErrorMessage.ShouldContain("in_progress");
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("!!!")]
    [InlineData("MTIz")]
    public async Task Refuses_a_cursor_it_did_not_hand_out(string cursor)
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        (await _app.SendAsync(owner, new ListBeadsQuery(rig.Id, Cursor: cursor))).ShouldBeInvalidOn("cursor");
    }

    [Fact]
    public void The_cursor_round_trips_to_the_microsecond()
    {
        var at = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(1234560);
        var cursor = new BeadCursor(at, Guid.NewGuid());

        BeadCursorText.TryDecode(BeadCursorText.Encode(cursor), out var decoded).ShouldBeTrue();

        decoded.ShouldBe(cursor);
    }

    [Fact]
    public async Task Another_users_rig_is_not_found_exactly_like_a_missing_one()
    {
        var (_, rigId, _) = await RigWithBeadsAsync(2);
        var stranger = await _app.CreateUserAsync();

        var theirs = await _app.SendAsync(stranger, new ListBeadsQuery(rigId));
        var missing = await _app.SendAsync(stranger, new ListBeadsQuery(Guid.NewGuid()));

        theirs.ShouldHaveStatus(ResultStatus.NotFound);
        missing.ShouldHaveStatus(ResultStatus.NotFound);
        theirs.Errors.ShouldBe(missing.Errors);
        // Not even a validation message about the query leaks to a stranger.
        (await _app.SendAsync(stranger, new ListBeadsQuery(rigId, "bogus", 0, "bogus"))).ShouldHaveStatus(ResultStatus.NotFound);
    }

    [Fact]
    public async Task Needs_a_signed_in_user()
    {
        var (_, rigId, _) = await RigWithBeadsAsync(1);
        (await _app.SendAsync(Actor.Anonymous, new ListBeadsQuery(rigId))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }
}

public sealed class SqliteListBeadsTests() : ListBeadsTests(TestStorage.Sqlite);

public sealed class PostgresListBeadsTests(PostgresFixture postgres) : ListBeadsTests(TestStorage.Postgres(postgres));
