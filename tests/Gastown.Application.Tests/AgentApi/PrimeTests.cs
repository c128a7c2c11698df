using Gastown.Domain;
using Ardalis.Result;
using Gastown.Application.AgentApi.CloseBead;
using Gastown.Application.AgentApi.Prime;
using Gastown.Application.AgentApi.SendMail;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.AgentApi;

public abstract class PrimeTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Answers_the_agent_its_hooked_bead_its_unread_mail_and_its_open_beads()
    {
        var toast = await _app.SlingToNewPolecatAsync("Fix the login", "It 500s on Tuesdays.");
        var maple = await _app.SlingAsync(toast.Owner, toast.Town, toast.Rig, "Other work");
        (await _app.SendAsync(maple.Session(), new SendMailCommand(maple.Agent.Id, toast.Agent.Identity, "Heads up", "The tests are slow."))).ShouldSucceed();

        var result = await _app.SendAsync(toast.Session(), new PrimeQuery(toast.Agent.Id));

        result.ShouldHaveStatus(ResultStatus.Ok);
        var context = result.Value;
        context.Agent.Id.ShouldBe(toast.Agent.Id);
        context.Agent.Role.ShouldBe(AgentRole.Polecat.ToText());
        context.Agent.HookedBeadId.ShouldBe(toast.Bead.Id);
        context.HookedBead.ShouldNotBeNull().Title.ShouldBe("Fix the login");
        context.HookedBead.Body.ShouldBe("It 500s on Tuesdays.");
        context.UndeliveredMail.Count.ShouldBe(1);
        context.UndeliveredMail[0].Sender.ShouldBe(maple.Agent.Identity);
        context.UndeliveredMail[0].Subject.ShouldBe("Heads up");
        context.OpenBeads.Select(bead => bead.Id).ShouldBe([toast.Bead.Id]);
    }

    [Fact]
    public async Task Reading_the_prime_does_not_deliver_the_mail()
    {
        var toast = await _app.SlingToNewPolecatAsync();
        var maple = await _app.SlingAsync(toast.Owner, toast.Town, toast.Rig, "Other work");
        await _app.SendAsync(maple.Session(), new SendMailCommand(maple.Agent.Id, toast.Agent.Identity, "Heads up", "Body"));

        await _app.SendAsync(toast.Session(), new PrimeQuery(toast.Agent.Id));

        (await _app.SendAsync(toast.Session(), new PrimeQuery(toast.Agent.Id))).Value.UndeliveredMail.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_agent_with_nothing_hooked_has_no_hooked_bead_and_no_open_beads()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        (await _app.SendAsync(polecat.Session(), new CloseBeadCommand(polecat.Agent.Id, polecat.Bead.Id))).ShouldSucceed();

        var context = (await _app.SendAsync(polecat.Session(), new PrimeQuery(polecat.Agent.Id))).Value;

        context.Agent.HookedBeadId.ShouldBeNull();
        context.HookedBead.ShouldBeNull();
        context.OpenBeads.ShouldBeEmpty();
        context.UndeliveredMail.ShouldBeEmpty();
    }

    [Fact]
    public async Task Only_beads_assigned_to_the_agent_are_listed()
    {
        var toast = await _app.SlingToNewPolecatAsync();
        await _app.SlingAsync(toast.Owner, toast.Town, toast.Rig, "Maple's");

        var context = (await _app.SendAsync(toast.Session(), new PrimeQuery(toast.Agent.Id))).Value;

        context.OpenBeads.ShouldAllBe(bead => bead.AssigneeAgentId == toast.Agent.Id);
        context.OpenBeads.Single().Status.ShouldBe(BeadStatus.InProgress.ToText());
    }
}

public sealed class SqlitePrimeTests() : PrimeTests(TestStorage.Sqlite);

public sealed class PostgresPrimeTests(PostgresFixture postgres) : PrimeTests(TestStorage.Postgres(postgres));
