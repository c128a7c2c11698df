using Gastown.Application.Mail;
using Ardalis.Result;
using Gastown.Application.AgentApi.CheckMail;
using Gastown.Application.AgentApi.SendMail;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.AgentApi;

public abstract class SendMailTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Mails_an_agent_of_the_same_rig_named_by_its_identity()
    {
        var toast = await _app.SlingToNewPolecatAsync();
        var maple = await _app.SlingAsync(toast.Owner, toast.Town, toast.Rig, "Maple's");
        var before = _app.Clock.GetUtcNow();

        var result = await _app.SendAsync(toast.Session(), new SendMailCommand(toast.Agent.Id, maple.Agent.Identity, "Schema", "I changed users.sql."));

        result.ShouldHaveStatus(ResultStatus.Ok);
        var mail = result.Value;
        mail.Sender.ShouldBe(toast.Agent.Identity);
        mail.ToAgentId.ShouldBe(maple.Agent.Id);
        mail.Subject.ShouldBe("Schema");
        mail.Body.ShouldBe("I changed users.sql.");
        mail.Delivered.ShouldBeFalse();
        mail.CreatedAt.ShouldBeGreaterThanOrEqualTo(before);

        var (unread, events) = await _app.ReadLedgerAsync(toast.Rig.Id, async ledger => (
            await ledger.Mail.ListUndeliveredAsync(maple.Agent.Id, AppHarness.Ct),
            await ledger.Beads.ListEventsAsync(toast.Bead.Id, AppHarness.Ct)));
        MailResponse.From(unread.ShouldHaveSingleItem()).ShouldBe(mail);
        // The sender's hooked bead records that it wrote.
        var sent = events.Last();
        sent.Type.ShouldBe(BeadEventType.MailSent);
        sent.AgentId.ShouldBe(toast.Agent.Id);
        sent.NewValue.ShouldBe(maple.Agent.Identity);
    }

    [Fact]
    public async Task The_mayor_mails_a_polecat_of_its_towns_rigs_but_not_of_another_town()
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        var rig = await _app.CreateRigAsync(mayor.Owner, mayor.Town.Id, "web");
        var polecat = await _app.SlingAsync(mayor.Owner, mayor.Town, rig);
        var elsewhere = await _app.CreateTownAsync(mayor.Owner);
        var otherRig = await _app.CreateRigAsync(mayor.Owner, elsewhere.Id, "api");
        var stranger = await _app.SlingAsync(mayor.Owner, elsewhere, otherRig);

        var byIdentity = await _app.SendAsync(mayor.Session(), new SendMailCommand(mayor.Mayor.Id, polecat.Agent.Identity, "Priorities", "Docs first."));
        var byId = await _app.SendAsync(mayor.Session(), new SendMailCommand(mayor.Mayor.Id, polecat.Agent.Id.ToString(), "Also", "Then tests."));

        byIdentity.ShouldHaveStatus(ResultStatus.Ok);
        byIdentity.Value.Sender.ShouldBe(mayor.Mayor.Identity);
        byId.Value.ToAgentId.ShouldBe(polecat.Agent.Id);
        (await _app.ReadLedgerAsync(rig.Id, ledger => ledger.Mail.ListUndeliveredAsync(polecat.Agent.Id, AppHarness.Ct)))
            .Select(m => m.Subject).ShouldBe(["Priorities", "Also"]);
        (await _app.SendAsync(mayor.Session(), new SendMailCommand(mayor.Mayor.Id, stranger.Agent.Identity, "Hi", "x"))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(mayor.Session(), new SendMailCommand(mayor.Mayor.Id, stranger.Agent.Id.ToString(), "Hi", "x"))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.ReadLedgerAsync(otherRig.Id, ledger => ledger.Mail.ListUndeliveredAsync(stranger.Agent.Id, AppHarness.Ct))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Mails_an_agent_named_by_its_id()
    {
        var toast = await _app.SlingToNewPolecatAsync();
        var maple = await _app.SlingAsync(toast.Owner, toast.Town, toast.Rig, "Maple's");

        var mail = (await _app.SendAsync(toast.Session(), new SendMailCommand(toast.Agent.Id, maple.Agent.Id.ToString(), "Hi", ""))).Value;

        mail.ToAgentId.ShouldBe(maple.Agent.Id);
        mail.Body.ShouldBe("");
    }

    [Fact]
    public async Task An_agent_that_is_not_in_the_rig_is_not_found_and_nothing_is_written()
    {
        var toast = await _app.SlingToNewPolecatAsync();
        // Same town, another rig: mail stays within a store.
        var otherRig = await _app.CreateRigAsync(toast.Owner, toast.Town.Id, "other");
        var elsewhere = await _app.SlingAsync(toast.Owner, toast.Town, otherRig, "Elsewhere");
        var before = await _app.SnapshotAsync(toast.Rig.Id);

        (await _app.SendAsync(toast.Session(), new SendMailCommand(toast.Agent.Id, elsewhere.Agent.Identity, "Hi", "x"))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(toast.Session(), new SendMailCommand(toast.Agent.Id, elsewhere.Agent.Id.ToString(), "Hi", "x"))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(toast.Session(), new SendMailCommand(toast.Agent.Id, "nobody/polecats/Nobody", "Hi", "x"))).ShouldHaveStatus(ResultStatus.NotFound);

        (await _app.SnapshotAsync(toast.Rig.Id)).ShouldBe(before);
        (await _app.ReadLedgerAsync(otherRig.Id, ledger => ledger.Mail.ListUndeliveredAsync(elsewhere.Agent.Id, AppHarness.Ct))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Refuses_an_empty_recipient_or_subject_and_a_missing_body()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        (await _app.SendAsync(polecat.Session(), new SendMailCommand(polecat.Agent.Id, "", "", null!))).ShouldBeInvalidOn("to", "subject", "body");
    }

    [Fact]
    public async Task Refuses_a_subject_or_body_too_long()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var to = polecat.Agent.Identity;

        (await _app.SendAsync(polecat.Session(), new SendMailCommand(polecat.Agent.Id, to, new string('s', SendMailCommand.MaxSubjectLength + 1), "x")))
            .ShouldBeInvalidOn("subject");
        (await _app.SendAsync(polecat.Session(), new SendMailCommand(polecat.Agent.Id, to, "s", new string('b', SendMailCommand.MaxBodyLength + 1))))
            .ShouldBeInvalidOn("body");
        (await _app.SendAsync(polecat.Session(), new SendMailCommand(polecat.Agent.Id, new string('t', 301), "s", "b")))
            .ShouldBeInvalidOn("to");

        (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Mail.ListUndeliveredAsync(polecat.Agent.Id, AppHarness.Ct))).ShouldBeEmpty();
    }
}

public abstract class CheckMailTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Answers_the_unread_mail_oldest_first_marked_delivered_and_a_second_check_is_empty()
    {
        var toast = await _app.SlingToNewPolecatAsync();
        var maple = await _app.SlingAsync(toast.Owner, toast.Town, toast.Rig, "Maple's");
        await _app.SendAsync(maple.Session(), new SendMailCommand(maple.Agent.Id, toast.Agent.Identity, "first", "1"));
        await _app.SendAsync(maple.Session(), new SendMailCommand(maple.Agent.Id, toast.Agent.Identity, "second", "2"));
        var before = _app.Clock.GetUtcNow();

        var first = await _app.SendAsync(toast.Session(), new CheckMailCommand(toast.Agent.Id));
        var second = await _app.SendAsync(toast.Session(), new CheckMailCommand(toast.Agent.Id));

        first.ShouldHaveStatus(ResultStatus.Ok);
        first.Value.Select(mail => mail.Subject).ShouldBe(["first", "second"]);
        first.Value.ShouldAllBe(mail => mail.Delivered && mail.DeliveredAt >= before);
        second.ShouldHaveStatus(ResultStatus.Ok);
        second.Value.ShouldBeEmpty();

        var (unread, agent) = await _app.ReadLedgerAsync(toast.Rig.Id, async ledger => (
            await ledger.Mail.ListUndeliveredAsync(toast.Agent.Id, AppHarness.Ct),
            await ledger.Agents.GetAsync(toast.Agent.Id, AppHarness.Ct)));
        unread.ShouldBeEmpty();
        // Reading mail is a sign of life.
        agent.ShouldNotBeNull().LastActivityAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(before);
    }

    [Fact]
    public async Task Only_the_callers_mail_is_delivered()
    {
        var toast = await _app.SlingToNewPolecatAsync();
        var maple = await _app.SlingAsync(toast.Owner, toast.Town, toast.Rig, "Maple's");
        await _app.SendAsync(toast.Session(), new SendMailCommand(toast.Agent.Id, maple.Agent.Identity, "for maple", "m"));

        (await _app.SendAsync(toast.Session(), new CheckMailCommand(toast.Agent.Id))).Value.ShouldBeEmpty();

        (await _app.ReadLedgerAsync(toast.Rig.Id, ledger => ledger.Mail.ListUndeliveredAsync(maple.Agent.Id, AppHarness.Ct))).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_checks_deliver_each_mail_exactly_once()
    {
        var toast = await _app.SlingToNewPolecatAsync();
        var maple = await _app.SlingAsync(toast.Owner, toast.Town, toast.Rig, "Maple's");
        for (var i = 0; i < 5; i++)
            (await _app.SendAsync(maple.Session(), new SendMailCommand(maple.Agent.Id, toast.Agent.Identity, $"mail {i}", "b"))).ShouldSucceed();

        // Read and marked in one transaction: two checks racing cannot both get the same mail.
        var checks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _app.SendAsync(toast.Session(), new CheckMailCommand(toast.Agent.Id))));

        checks.ShouldAllBe(check => check.IsSuccess);
        checks.SelectMany(check => check.Value).Select(mail => mail.Subject).OrderBy(s => s)
            .ShouldBe(Enumerable.Range(0, 5).Select(i => $"mail {i}"));
    }
}

public sealed class SqliteSendMailTests() : SendMailTests(TestStorage.Sqlite);

public sealed class PostgresSendMailTests(PostgresFixture postgres) : SendMailTests(TestStorage.Postgres(postgres));

public sealed class SqliteCheckMailTests() : CheckMailTests(TestStorage.Sqlite);

public sealed class PostgresCheckMailTests(PostgresFixture postgres) : CheckMailTests(TestStorage.Postgres(postgres));
