using Ardalis.Result;
using Gastown.Application.AgentApi.SetAgentStatus;
using Gastown.Application.MayorApi.MayorReply;
using Gastown.Application.Tests.Support;
using Gastown.Application.Towns.GetMayor;
using Gastown.Application.Towns.SendMessage;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.Mayor;

/// <summary>The mayor's replies are stored beside the user's messages: getMayor's conversation has both sides, in order.</summary>
public abstract class MayorReplyTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Replies_interleave_with_the_messages_they_answer_and_close_them()
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        var first = await _app.SendAsync(mayor.Session(), new MayorReplyCommand(mayor.Mayor.Id, "Good morning to you.", mayor.FirstMessage.Id));
        first.ShouldHaveStatus(ResultStatus.Ok);
        first.Value.Sender.ShouldBe("mayor");
        var second = (await _app.SendAsync(mayor.Owner, new SendMessageCommand(mayor.Town.Id, "sling web: docs", null))).Value.Bead;
        (await _app.SendAsync(mayor.Session(), new MayorReplyCommand(mayor.Mayor.Id, "Slung.", second.Id))).ShouldSucceed();

        var view = (await _app.SendAsync(mayor.Owner, new GetMayorQuery(mayor.Town.Id))).Value;

        view.Conversation.Select(line => (line.Sender, line.Text))
            .ShouldBe([("user", "Hello, mayor."), ("mayor", "Good morning to you."), ("user", "sling web: docs"), ("mayor", "Slung.")]);
        view.Conversation[1].InReplyTo.ShouldBe(mayor.FirstMessage.Id);
        view.Conversation[3].InReplyTo.ShouldBe(second.Id);
        view.Messages.ShouldAllBe(message => message.Status == "closed");
        view.Messages.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_reply_without_a_message_is_stored_and_closes_nothing()
    {
        var mayor = await _app.CreateTownWithMayorAsync();

        (await _app.SendAsync(mayor.Session(), new MayorReplyCommand(mayor.Mayor.Id, "By the way: all quiet.", null))).ShouldSucceed();

        var view = (await _app.SendAsync(mayor.Owner, new GetMayorQuery(mayor.Town.Id))).Value;
        view.Conversation.Select(line => line.Sender).ShouldBe(["user", "mayor"]);
        view.Messages.Single().Status.ShouldBe("open");
    }

    [Fact]
    public async Task Bad_replies_are_refused_and_store_nothing()
    {
        var mayor = await _app.CreateTownWithMayorAsync();

        (await _app.SendAsync(mayor.Session(), new MayorReplyCommand(mayor.Mayor.Id, " ", null))).ShouldBeInvalidOn("message");
        (await _app.SendAsync(mayor.Session(), new MayorReplyCommand(mayor.Mayor.Id, new string('m', MayorReplyCommand.MaxMessageLength + 1), null)))
            .ShouldBeInvalidOn("message");
        (await _app.SendAsync(mayor.Session(), new MayorReplyCommand(mayor.Mayor.Id, "Hm?", Guid.NewGuid()))).ShouldHaveStatus(ResultStatus.NotFound);

        var view = (await _app.SendAsync(mayor.Owner, new GetMayorQuery(mayor.Town.Id))).Value;
        view.Conversation.Select(line => line.Sender).ShouldBe(["user"]);
        view.Messages.Single().Status.ShouldBe("open");
    }

    [Fact]
    public async Task The_status_line_is_stored_on_the_agent_with_its_time()
    {
        var polecat = await _app.SlingToNewPolecatAsync();

        var set = await _app.SendAsync(polecat.Session(), new SetAgentStatusCommand(polecat.Agent.Id, "  running the tests "));

        set.ShouldHaveStatus(ResultStatus.Ok);
        var stored = await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
        stored.StatusLine.ShouldBe("running the tests");
        stored.StatusLineAt.ShouldNotBeNull();
        stored.LastActivityAt.ShouldBe(stored.StatusLineAt);
        set.Value.StatusLine.ShouldBe("running the tests");
        (await _app.SendAsync(polecat.Session(), new SetAgentStatusCommand(polecat.Agent.Id, new string('s', SetAgentStatusCommand.MaxLength + 1))))
            .ShouldBeInvalidOn("message");
    }
}

public sealed class SqliteMayorReplyTests() : MayorReplyTests(TestStorage.Sqlite);

public sealed class PostgresMayorReplyTests(PostgresFixture postgres) : MayorReplyTests(TestStorage.Postgres(postgres));
