using Ardalis.Result;
using Gastown.Application.AgentApi.Done;
using Gastown.Application.AgentApi.Prime;
using Gastown.Application.Common.Ports;
using Gastown.Application.Dispatch;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Reviews;

namespace Gastown.Application.Tests.Alarms;

/// <summary>
/// The review phase after a failed gate (the in-memory container answers a gate failure; real gates are the subject of
/// the Infrastructure and EndToEnd tests): the bead goes back to the same free polecat on the same branch, with the
/// feedback in its mail and in gt_prime, and a review round counted.
/// </summary>
public abstract class RequestChangesTickTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_failed_gate_sends_the_bead_back_to_the_same_polecat_with_the_feedback_in_mail_and_prime()
    {
        var polecat = await _app.SlingToNewPolecatAsync("Add a greeting");
        (await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, null, "Added a greeting."))).ShouldSucceed();
        var branch = WorkBranch.For(polecat.Agent.Name, polecat.Bead.Id);
        _app.Container.QueueMerge(Result.Success(new MergeOutcome(null, "base1",
            [new GateResult(["dotnet", "test"], false, 1, false, "Failed: GreetingTests.Says_hello", 2.5)])));

        var report = await _app.TickAsync(polecat.Rig.Id);

        report.Merged.ShouldBe(0);
        var entry = (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Reviews.ListAsync(null, AppHarness.Ct))).ShouldHaveSingleItem();
        (entry.Status, entry.BaseCommit, entry.Message).ShouldBe((ReviewStatus.ChangesRequested, "base1", "gate `dotnet test` failed"));
        entry.Gates.ShouldNotBeNull().ShouldHaveSingleItem().OutputTail.ShouldBe("Failed: GreetingTests.Says_hello");

        var bead = await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id);
        (bead.Status, bead.AssigneeAgentId, bead.ReviewRounds, bead.EscalatedAt).ShouldBe((BeadStatus.InProgress, polecat.Agent.Id, 1, null));
        var mail = (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Mail.ListUndeliveredAsync(polecat.Agent.Id, AppHarness.Ct)))
            .Single(m => m.Subject == ReviewRounds.ChangesRequestedSubject);
        mail.Body.ShouldContain("Failed: GreetingTests.Says_hello");
        mail.Body.ShouldContain(branch);

        var prime = await _app.SendAsync(polecat.Session(), new PrimeQuery(polecat.Agent.Id));
        prime.ShouldSucceed();
        (prime.Value.Branch, prime.Value.ReviewRounds).ShouldBe((branch, 1));
        prime.Value.ReviewFeedback.ShouldNotBeNull().ShouldContain("Gate `dotnet test` failed (exit code 1)");
        prime.Value.Instructions.ShouldNotBeNull().ShouldContain("reviewFeedback");
        var events = await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id);
        events.Select(e => e.Type).ShouldContain(BeadEventType.ChangesRequested);
    }
}

public sealed class SqliteRequestChangesTickTests() : RequestChangesTickTests(TestStorage.Sqlite);

public sealed class PostgresRequestChangesTickTests(PostgresFixture postgres) : RequestChangesTickTests(TestStorage.Postgres(postgres));
