using Gastown.Application.Towns;
using Gastown.Application.Rigs;
using Gastown.Application.Beads;
using Gastown.Application.Agents;
using System.Text.Json;
using Gastown.Application.Alarms.RunAlarmTick;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Towns.SendMessage;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Rigs;
using Gastown.Domain.Towns;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Application.Tests.Support;

/// <summary>A polecat got the way a user gets one (by slinging a bead), with the session its process would hold.</summary>
public sealed record SlungPolecat(Actor Owner, TownResponse Town, RigResponse Rig, BeadResponse Bead, AgentResponse Agent)
{
    /// <summary>The agent's session as its current dispatch would carry it (generation 0 until the alarm dispatches it).</summary>
    public Actor Session(int generation = 0) => AgentPlane.SessionOf(Rig.Id, Town.Id, Owner.UserId!.Value, Agent.Id, generation);
}

/// <summary>The town's mayor (made by the first message), with its session.</summary>
public sealed record TownMayor(Actor Owner, TownResponse Town, AgentResponse Mayor, BeadResponse FirstMessage)
{
    public Actor Session(int generation = 0) => AgentPlane.SessionOf(Town.Id, Town.Id, Owner.UserId!.Value, Mayor.Id, generation);
}

/// <summary>Helpers for the agent plane: sessions, real agents, any request through the mediator, store snapshots.</summary>
public static class AgentPlane
{
    private static readonly JsonSerializerOptions SnapshotJson = new() { WriteIndented = true };

    /// <summary>What a verified session token of this agent turns into.</summary>
    public static Actor SessionOf(Guid storeId, Guid townId, Guid userId, Guid agentId, int generation) =>
        Actor.ForAgent(new AgentClaims(agentId, storeId, townId, userId, generation));

    /// <summary>A user, town and rig, and a bead slung into it: the bead hooked to a fresh polecat (generation 0).</summary>
    public static async Task<SlungPolecat> SlingToNewPolecatAsync(this AppHarness app, string title = "Fix the login", string? body = null)
    {
        var (owner, town, rig) = await app.CreateUserWithRigAsync();
        return await app.SlingAsync(owner, town, rig, title, body);
    }

    public static async Task<SlungPolecat> SlingAsync(this AppHarness app, Actor owner, TownResponse town, RigResponse rig, string title = "Fix the login", string? body = null)
    {
        var slung = await app.SendAsync(owner, new SlingBeadCommand(rig.Id, title, body, null));
        slung.ShouldSucceed();
        return new SlungPolecat(owner, town, rig, slung.Value.Bead, slung.Value.Agent.ShouldNotBeNull());
    }

    /// <summary>A user's town with its mayor, made by the user's first message.</summary>
    public static async Task<TownMayor> CreateTownWithMayorAsync(this AppHarness app, Actor? owner = null)
    {
        owner ??= await app.CreateUserAsync();
        var town = await app.CreateTownAsync(owner);
        var sent = await app.SendAsync(owner, new SendMessageCommand(town.Id, "Hello, mayor.", null));
        sent.ShouldSucceed();
        return new TownMayor(owner, town, sent.Value.Agent, sent.Value.Bead);
    }

    /// <summary>One alarm tick of the store, as the Quartz job would send it.</summary>
    public static async Task<AlarmTickReport> TickAsync(this AppHarness app, Guid storeId)
    {
        var tick = await app.SendAsync(Actor.System, new RunAlarmTickCommand(storeId));
        tick.ShouldSucceed();
        tick.Value.FailedPhases.ShouldBeEmpty();
        return tick.Value;
    }

    /// <summary>
    /// Sends any request (whatever its response type) in a scope of its own, as <paramref name="actor"/>, for tests
    /// that check one rule across many request types.
    /// </summary>
    public static async Task<Ardalis.Result.IResult> SendAnyAsync(this AppHarness app, Actor actor, IMessage request)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(actor);
        var response = await scope.ServiceProvider.GetRequiredService<ISender>().Send(request, AppHarness.Ct);
        return response.ShouldBeAssignableTo<Ardalis.Result.IResult>().ShouldNotBeNull();
    }

    public static Task<Agent> GetAgentAsync(this AppHarness app, Guid storeId, Guid agentId) =>
        app.ReadLedgerAsync(storeId, async ledger => (await ledger.Agents.GetAsync(agentId, AppHarness.Ct)).ShouldNotBeNull());

    public static Task<Bead> GetBeadAsync(this AppHarness app, Guid storeId, Guid beadId) =>
        app.ReadLedgerAsync(storeId, async ledger => (await ledger.Beads.GetAsync(beadId, AppHarness.Ct)).ShouldNotBeNull());

    public static Task<IReadOnlyList<BeadEvent>> GetEventsAsync(this AppHarness app, Guid storeId, Guid beadId) =>
        app.ReadLedgerAsync(storeId, ledger => ledger.Beads.ListEventsAsync(beadId, AppHarness.Ct));

    /// <summary>Changes a store through its port, in one committed transaction (for arranging what no request can).</summary>
    public static async Task WriteLedgerAsync(this AppHarness app, Guid storeId, Func<ILedgerSession, Task> write)
    {
        await using var ledger = await app.Ledgers.OpenAsync(storeId, LedgerAccess.Write, AppHarness.Ct);
        await write(ledger);
        await ledger.CommitAsync(AppHarness.Ct);
    }

    /// <summary>
    /// Everything a store holds, as text: every bead with its events, every agent with its unread mail, the review
    /// queue and the alarm. Two equal snapshots mean nothing changed in between.
    /// </summary>
    public static Task<string> SnapshotAsync(this AppHarness app, Guid storeId) =>
        app.ReadLedgerAsync(storeId, async ledger =>
        {
            var ct = AppHarness.Ct;
            // One connection per session: read one thing at a time.
            var beads = new List<object>();
            foreach (var bead in await ledger.Beads.ListAsync(new BeadFilter(Limit: 500), ct))
                beads.Add(new { Bead = bead, Events = await ledger.Beads.ListEventsAsync(bead.Id, ct) });
            var agents = new List<object>();
            foreach (var agent in await ledger.Agents.ListAsync(ct))
                agents.Add(new { Agent = agent, Unread = await ledger.Mail.ListUndeliveredAsync(agent.Id, ct) });
            var snapshot = new
            {
                Beads = beads,
                Agents = agents,
                Reviews = await ledger.Reviews.ListAsync(null, ct),
                Alarm = await ledger.Alarm.GetAsync(ct),
            };
            return JsonSerializer.Serialize(snapshot, SnapshotJson);
        });
}
