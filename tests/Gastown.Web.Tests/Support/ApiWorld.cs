using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Ledgers;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Web.Tests.Support;

/// <summary>
/// A real server with a user, the town "alpha" and two rigs whose git URL goes nowhere (nothing is ever cloned):
/// <see cref="QuietRigId"/>, where tests put agents straight into the store (no request arms its alarm, so nothing
/// dispatches them and their session tokens stay current), and <see cref="BusyRigId"/>, for calls that sling work
/// (and so arm an alarm). The town's mayor is put into its HQ store the same way; no message is ever sent to it.
/// </summary>
public sealed class ApiWorld : IAsyncDisposable
{
    // Nothing listens on port 1: a clone attempt fails at once, off the request path.
    public const string GitUrl = "https://127.0.0.1:1/example/web.git";

    private int _polecats;

    private ApiWorld(GastownApp app) => App = app;

    public GastownApp App { get; }
    public GastownUser User { get; private set; } = null!;
    public HttpClient UserClient { get; private set; } = null!;
    public Guid TownId { get; private set; }
    public Guid QuietRigId { get; private set; }
    public Guid BusyRigId { get; private set; }

    public static async Task<ApiWorld> CreateAsync()
    {
        var world = new ApiWorld(new GastownApp(new Dictionary<string, string?> { ["Gastown:Git:AllowLocalRepositories"] = "false" }));
        try
        {
            (world.User, world.UserClient) = await world.App.SignInNewUserAsync("alice");
            world.TownId = (await world.UserClient.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created)).Id();
            world.QuietRigId = await world.CreateRigAsync("quiet");
            world.BusyRigId = await world.CreateRigAsync("busy");
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    public async Task<Guid> CreateRigAsync(string name) =>
        (await UserClient.PostJsonAsync($"/api/towns/{TownId}/rigs", new { name, gitUrl = GitUrl }, HttpStatusCode.Created)).Id();

    /// <summary>A working polecat in <paramref name="rigId"/> (the quiet rig unless told), hooked to a new bead unless told otherwise.</summary>
    public async Task<AgentSession> NewPolecatAsync(bool hooked = true, Guid? rigId = null)
    {
        var storeId = rigId ?? QuietRigId;
        var now = DateTimeOffset.UtcNow;
        var agent = Agent.NewPolecat("quiet", $"P{Interlocked.Increment(ref _polecats)}", now) with { Status = AgentStatus.Working, Generation = 1 };
        Bead? bead = null;
        if (hooked)
        {
            (agent, bead) = agent.Hook(Bead.New(BeadType.Issue, "Work", null, now), now).State;
        }
        await RegisterAsync(agent, storeId);
        await WriteAsync(storeId, async ledger =>
        {
            await ledger.Agents.InsertAsync(agent, Json.Ct);
            if (bead is not null) await ledger.Beads.InsertAsync(bead, Json.Ct);
        });
        return Session(agent, storeId, bead?.Id);
    }

    /// <summary>An issue bead that gave up (escalated, unassigned) in <paramref name="rigId"/>: what retryBead takes back.</summary>
    public async Task<Guid> NewEscalatedBeadAsync(Guid rigId)
    {
        var now = DateTimeOffset.UtcNow;
        var bead = Bead.New(BeadType.Issue, "Gave up", null, now) with { DispatchAttempts = 2, LastDispatchAttemptAt = now, EscalatedAt = now };
        await WriteAsync(rigId, ledger => ledger.Beads.InsertAsync(bead, Json.Ct));
        return bead.Id;
    }

    /// <summary>The town's mayor, made once, in the town's HQ store.</summary>
    public async Task<AgentSession> MayorAsync()
    {
        var ledgers = App.Services.GetRequiredService<ILedgerStores>();
        if (!ledgers.Exists(TownId))
            (await ledgers.CreateAsync(new LedgerIdentity(TownId, LedgerKind.TownHq, TownId, User.Id, "alpha", null, null), Json.Ct)).IsSuccess.ShouldBeTrue();
        await using var ledger = await ledgers.OpenAsync(TownId, LedgerAccess.Write, Json.Ct);
        var mayor = await ledger.Agents.FindByRoleAsync(AgentRole.Mayor, Json.Ct);
        if (mayor is null)
        {
            mayor = Agent.NewMayor("alpha", DateTimeOffset.UtcNow);
            await RegisterAsync(mayor, TownId);
            await ledger.Agents.InsertAsync(mayor, Json.Ct);
            await ledger.CommitAsync(Json.Ct);
        }
        return Session(mayor, TownId, null);
    }

    /// <summary>A client with a session token for <paramref name="agent"/> at <paramref name="generation"/> (its own unless told).</summary>
    public HttpClient AgentClient(Guid agentId, Guid storeId, int generation)
    {
        var token = App.Services.GetRequiredService<IAgentTokens>().Issue(new AgentClaims(agentId, storeId, TownId, User.Id, generation));
        return App.CreateClientWithToken(token);
    }

    private AgentSession Session(Agent agent, Guid storeId, Guid? beadId) =>
        new(agent.Id, storeId, beadId, agent.Identity, AgentClient(agent.Id, storeId, agent.Generation));

    /// <summary>The town directory's entry (what sling's roster makes), so the agent can be watched (stream-url).</summary>
    private async Task RegisterAsync(Agent agent, Guid storeId) =>
        (await App.Services.GetRequiredService<ITownDirectory>()
            .TryRegisterAgentAsync(new AgentRegistration(agent.Id, TownId, storeId, agent.Name), Json.Ct)).ShouldBeTrue();

    /// <summary>A review entry waiting for a person's approval (as the review phase leaves it in approve mode).</summary>
    public async Task<Guid> AddAwaitingReviewAsync(Guid storeId)
    {
        var now = DateTimeOffset.UtcNow;
        var entry = Gastown.Domain.Reviews.ReviewEntry.New(Guid.NewGuid(), Guid.NewGuid(), "gt/p/abcdef12", "Did the work.", now)
            .AwaitApproval([new Gastown.Domain.Reviews.GateResult(["git", "--version"], true, 0, false, "git version", 0.1)], "base", now);
        await WriteAsync(storeId, ledger => ledger.Reviews.InsertAsync(entry, Json.Ct));
        return entry.Id;
    }

    /// <summary>A finished run of a bead with a one-entry transcript (as the container stores it when a run ends).</summary>
    public async Task<Guid> AddRunAsync(Guid storeId, Guid beadId)
    {
        var now = DateTimeOffset.UtcNow;
        var run = new Gastown.Domain.Runs.AgentRun(Guid.NewGuid(), Guid.NewGuid(), "Toast", 1, beadId, now, now, 0, 1, 0, 100);
        await WriteAsync(storeId, ledger => ledger.Runs.SaveAsync(run, [new(1, now, "status", null, "exited with code 0")], 100, Json.Ct));
        return run.Id;
    }

    private async Task WriteAsync(Guid storeId, Func<ILedgerSession, Task> write)
    {
        await using var ledger = await App.Services.GetRequiredService<ILedgerStores>().OpenAsync(storeId, LedgerAccess.Write, Json.Ct);
        await write(ledger);
        await ledger.CommitAsync(Json.Ct);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
