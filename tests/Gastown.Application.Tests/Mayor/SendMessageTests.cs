using Gastown.Domain;
using Ardalis.Result;
using Gastown.Application.Common.Security;
using Gastown.Application.Tests.Support;
using Gastown.Application.Towns.GetMayor;
using Gastown.Application.Towns.SendMessage;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Ledgers;

namespace Gastown.Application.Tests.Mayor;

public abstract class SendMessageTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_first_message_makes_the_town_hq_and_its_mayor_and_hands_the_message_to_it()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner, "Springfield");
        _app.Ledgers.Exists(town.Id).ShouldBeFalse();
        var before = _app.Clock.GetUtcNow();

        var result = await _app.SendAsync(owner, new SendMessageCommand(town.Id, "Plan the release.\nThen tell me.", null));

        result.ShouldHaveStatus(ResultStatus.Ok);
        var (bead, mayor) = result.Value;
        mayor.Role.ShouldBe(AgentRole.Mayor.ToText());
        mayor.Name.ShouldBe("mayor");
        mayor.Identity.ShouldBe("Springfield/mayor");
        mayor.Status.ShouldBe(AgentStatus.Idle.ToText());
        bead.Type.ShouldBe(BeadType.Message.ToText());
        bead.Status.ShouldBe(BeadStatus.Open.ToText());
        bead.AssigneeAgentId.ShouldBe(mayor.Id);
        bead.Title.ShouldBe("Plan the release.");
        bead.Body.ShouldBe("Plan the release.\nThen tell me.");
        bead.Metadata["model"].ShouldBe("kilo/auto");
        bead.Metadata["from"].ShouldBe(owner.UserId.ToString());

        _app.Ledgers.Exists(town.Id).ShouldBeTrue();
        var (identity, agents, stored, events, alarm) = await _app.ReadLedgerAsync(town.Id, async ledger => (
            ledger.Identity,
            await ledger.Agents.ListAsync(AppHarness.Ct),
            await ledger.Beads.GetAsync(bead.Id, AppHarness.Ct),
            await ledger.Beads.ListEventsAsync(bead.Id, AppHarness.Ct),
            await ledger.Alarm.GetAsync(AppHarness.Ct)));
        identity.Kind.ShouldBe(LedgerKind.TownHq);
        identity.TownId.ShouldBe(town.Id);
        identity.OwnerUserId.ShouldBe(owner.UserId!.Value);
        agents.ShouldHaveSingleItem().Id.ShouldBe(mayor.Id);
        stored.ShouldNotBeNull().Status.ShouldBe(BeadStatus.Open);
        stored.AssigneeAgentId.ShouldBe(mayor.Id);
        events.Select(e => e.Type).ShouldBe([BeadEventType.Created, BeadEventType.Assigned]);
        alarm.ShouldNotBeNull().ShouldBeInRange(before.AddSeconds(-1), _app.Clock.GetUtcNow().AddSeconds(1));
    }

    [Fact]
    public async Task Later_messages_go_to_the_same_mayor()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);

        var first = (await _app.SendAsync(owner, new SendMessageCommand(town.Id, "one", null))).Value;
        var second = (await _app.SendAsync(owner, new SendMessageCommand(town.Id, "two", "anthropic/claude"))).Value;

        second.Agent.Id.ShouldBe(first.Agent.Id);
        second.Bead.Id.ShouldNotBe(first.Bead.Id);
        second.Bead.Metadata["model"].ShouldBe("anthropic/claude");
        (await _app.ReadLedgerAsync(town.Id, ledger => ledger.Agents.ListAsync(AppHarness.Ct))).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Messages_sent_at_once_on_first_use_still_make_one_mayor()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);

        var sent = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => _app.SendAsync(owner, new SendMessageCommand(town.Id, $"message {i}", null))));

        sent.ShouldAllBe(result => result.IsSuccess);
        sent.Select(result => result.Value.Agent.Id).Distinct().ShouldHaveSingleItem();
        (await _app.ReadLedgerAsync(town.Id, ledger => ledger.Agents.ListAsync(AppHarness.Ct))).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Each_town_has_its_own_mayor()
    {
        var owner = await _app.CreateUserAsync();
        var first = await _app.CreateTownAsync(owner);
        var second = await _app.CreateTownAsync(owner);

        var one = (await _app.SendAsync(owner, new SendMessageCommand(first.Id, "hi", null))).Value.Agent;
        var two = (await _app.SendAsync(owner, new SendMessageCommand(second.Id, "hi", null))).Value.Agent;

        one.Id.ShouldNotBe(two.Id);
    }

    [Fact]
    public async Task A_long_first_line_is_cut_for_the_title_but_kept_whole_in_the_body()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        var message = new string('w', 200);

        var bead = (await _app.SendAsync(owner, new SendMessageCommand(town.Id, message, null))).Value.Bead;

        bead.Title.Length.ShouldBe(80);
        bead.Body.ShouldBe(message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task Refuses_an_empty_message(string? message)
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);

        (await _app.SendAsync(owner, new SendMessageCommand(town.Id, message!, null))).ShouldBeInvalidOn("message");

        // Nothing was made: no HQ, no mayor.
        _app.Ledgers.Exists(town.Id).ShouldBeFalse();
    }

    [Fact]
    public async Task Refuses_a_message_or_model_too_long()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);

        (await _app.SendAsync(owner, new SendMessageCommand(town.Id, new string('m', SendMessageCommand.MaxMessageLength + 1), null))).ShouldBeInvalidOn("message");
        (await _app.SendAsync(owner, new SendMessageCommand(town.Id, "hi", new string('m', 201)))).ShouldBeInvalidOn("model");
        _app.Ledgers.Exists(town.Id).ShouldBeFalse();

        (await _app.SendAsync(owner, new SendMessageCommand(town.Id, new string('m', SendMessageCommand.MaxMessageLength), null))).ShouldSucceed();
    }

    [Fact]
    public async Task Another_users_town_is_not_found_exactly_like_a_missing_one_and_nothing_is_made()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        var stranger = await _app.CreateUserAsync();

        var theirs = await _app.SendAsync(stranger, new SendMessageCommand(town.Id, "hello", null));
        var missing = await _app.SendAsync(stranger, new SendMessageCommand(Guid.NewGuid(), "hello", null));

        theirs.ShouldHaveStatus(ResultStatus.NotFound);
        missing.ShouldHaveStatus(ResultStatus.NotFound);
        theirs.Errors.ShouldBe(missing.Errors);
        _app.Ledgers.Exists(town.Id).ShouldBeFalse();
    }

    [Fact]
    public async Task A_stranger_learns_nothing_from_validation()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        var stranger = await _app.CreateUserAsync();

        (await _app.SendAsync(stranger, new SendMessageCommand(town.Id, "", null))).ShouldHaveStatus(ResultStatus.NotFound);
    }

    [Fact]
    public async Task Needs_a_signed_in_user_not_an_agent()
    {
        var mayor = await _app.CreateTownWithMayorAsync();

        (await _app.SendAsync(Actor.Anonymous, new SendMessageCommand(mayor.Town.Id, "hi", null))).ShouldHaveStatus(ResultStatus.Unauthorized);
        // The mayor's own session cannot talk to itself through the user plane.
        (await _app.SendAsync(mayor.Session(), new SendMessageCommand(mayor.Town.Id, "hi", null))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }
}

public abstract class GetMayorTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Before_the_first_message_there_is_no_mayor_and_nothing_is_made()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);

        var result = await _app.SendAsync(owner, new GetMayorQuery(town.Id));

        result.ShouldHaveStatus(ResultStatus.Ok);
        result.Value.Mayor.ShouldBeNull();
        result.Value.Messages.ShouldBeEmpty();
        _app.Ledgers.Exists(town.Id).ShouldBeFalse();
    }

    [Fact]
    public async Task Answers_the_mayor_and_its_messages_newest_first()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        var first = (await _app.SendAsync(owner, new SendMessageCommand(town.Id, "first", null))).Value;
        var second = (await _app.SendAsync(owner, new SendMessageCommand(town.Id, "second", null))).Value;

        var view = (await _app.SendAsync(owner, new GetMayorQuery(town.Id))).Value;

        view.Mayor.ShouldNotBeNull().Id.ShouldBe(first.Agent.Id);
        view.Messages.Select(bead => bead.Id).ShouldBe([second.Bead.Id, first.Bead.Id]);
    }

    [Fact]
    public async Task Another_users_town_is_not_found()
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        var stranger = await _app.CreateUserAsync();

        (await _app.SendAsync(stranger, new GetMayorQuery(mayor.Town.Id))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(stranger, new GetMayorQuery(Guid.NewGuid()))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(Actor.Anonymous, new GetMayorQuery(mayor.Town.Id))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }

    [Fact]
    public async Task Messages_only_no_other_beads()
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        await _app.InsertBeadsAsync(mayor.Town.Id, Bead.New(BeadType.Escalation, "Not a message", null, _app.Clock.GetUtcNow()));

        var view = (await _app.SendAsync(mayor.Owner, new GetMayorQuery(mayor.Town.Id))).Value;

        view.Messages.ShouldAllBe(bead => bead.Type == BeadType.Message.ToText());
        view.Messages.ShouldHaveSingleItem().Id.ShouldBe(mayor.FirstMessage.Id);
    }
}

public sealed class SqliteSendMessageTests() : SendMessageTests(TestStorage.Sqlite);

public sealed class PostgresSendMessageTests(PostgresFixture postgres) : SendMessageTests(TestStorage.Postgres(postgres));

public sealed class SqliteGetMayorTests() : GetMayorTests(TestStorage.Sqlite);

public sealed class PostgresGetMayorTests(PostgresFixture postgres) : GetMayorTests(TestStorage.Postgres(postgres));
