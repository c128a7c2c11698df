using System.Net.Http.Json;
using System.Text.Json;
using Gastown.Application.Common.Ports;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gastown.Web.Tests.Api.Hostile;

/// <summary>
/// An agent whose rig (or the mayor whose town) has been deleted keeps a token that is still valid: every agent
/// route answers 404 with problem details and every MCP tool a tool error naming the reason — while the deletion is
/// pending and after its files are gone — never a 500 or a generic message.
/// </summary>
public sealed class DeletedStoreAgentTests : IAsyncLifetime
{
    private ApiWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await ApiWorld.CreateAsync();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task Every_agent_route_of_a_deleted_rig_answers_404_and_every_tool_an_error()
    {
        var rigId = await _world.CreateRigAsync("doomed");
        var polecat = await _world.NewPolecatAsync(rigId: rigId);
        await (await polecat.Client.GetAsync($"/api/agent/{polecat.AgentId}/prime", Json.Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        await _world.UserClient.DeleteAsync($"/api/rigs/{rigId}", HttpStatusCode.Accepted);
        await EveryPolecatRouteIsNotFoundAsync(polecat, "rig has been deleted");
        await EveryPolecatToolIsAnErrorAsync(polecat, "rig has been deleted");

        await DeletionFinishedAsync(rigId);
        await EveryPolecatRouteIsNotFoundAsync(polecat, "rig has been deleted");
        await EveryPolecatToolIsAnErrorAsync(polecat, "rig has been deleted");
    }

    [Fact]
    public async Task The_mayor_and_the_polecats_of_a_deleted_town_answer_404_and_tool_errors()
    {
        var polecat = await _world.NewPolecatAsync();
        var mayor = await _world.MayorAsync();
        await (await mayor.Client.GetAsync($"/api/agent/{mayor.AgentId}/town/rigs", Json.Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        await _world.UserClient.DeleteAsync($"/api/towns/{_world.TownId}", HttpStatusCode.Accepted);
        await EveryMayorRouteIsNotFoundAsync(mayor);
        await EveryPolecatRouteIsNotFoundAsync(polecat, "has been deleted");

        await DeletionFinishedAsync(_world.TownId);
        await DeletionFinishedAsync(_world.QuietRigId);
        await EveryMayorRouteIsNotFoundAsync(mayor);
        await EveryPolecatRouteIsNotFoundAsync(polecat, "has been deleted");
        await using var mcp = await ConnectAsync(mayor);
        foreach (var (tool, arguments) in new (string, object?)[]
                 {
                     ("gt_list_rigs", null), ("gt_reply", new { message = "hi" }),
                     ("gt_sling", new { rig = _world.QuietRigId.ToString(), title = "t" }),
                     ("gt_list_beads", new { rig = _world.QuietRigId.ToString() }),
                 })
            ShouldBeNotFoundError(await CallAsync(mcp, tool, arguments), tool, "town has been deleted");
    }

    private async Task EveryPolecatRouteIsNotFoundAsync(AgentSession polecat, string reason)
    {
        var agent = $"/api/agent/{polecat.AgentId}";
        var bead = polecat.HookedBeadId;
        foreach (var (method, path, body) in new (string, string, object?)[]
                 {
                     ("GET", $"{agent}/prime", null),
                     ("POST", $"{agent}/heartbeat", null),
                     ("GET", $"{agent}/mail", null),
                     ("POST", $"{agent}/mail", new { to = "x", subject = "s", body = "b" }),
                     ("POST", $"{agent}/checkpoint", new { data = new { step = 1 } }),
                     ("POST", $"{agent}/status", new { message = "reading" }),
                     ("POST", $"{agent}/escalations", new { title = "help" }),
                     ("POST", $"{agent}/beads/{bead}/status", new { status = "in_progress" }),
                     ("POST", $"{agent}/beads/{bead}/close", null),
                     ("POST", $"{agent}/done", new { summary = "s" }),
                 })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await polecat.Client.SendAsync(request, Json.Ct);
            var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
            problem.ToString().ShouldContain(reason, Case.Insensitive, $"{method} {path}");
        }
    }

    private async Task EveryMayorRouteIsNotFoundAsync(AgentSession mayor)
    {
        var town = $"/api/agent/{mayor.AgentId}/town";
        var rig = _world.QuietRigId;
        foreach (var (method, path, body) in new (string, string, object?)[]
                 {
                     ("GET", $"{town}/rigs", null),
                     ("GET", $"{town}/rigs/{rig}/beads", null),
                     ("GET", $"{town}/rigs/{rig}/agents", null),
                     ("POST", $"{town}/rigs/{rig}/sling", new { title = "t" }),
                     ("POST", $"{town}/replies", new { message = "hi" }),
                     ("GET", $"/api/agent/{mayor.AgentId}/prime", null),
                     ("POST", $"/api/agent/{mayor.AgentId}/heartbeat", null),
                 })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await mayor.Client.SendAsync(request, Json.Ct);
            var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
            problem.ToString().ShouldContain("town has been deleted", Case.Insensitive, $"{method} {path}");
        }
    }

    private async Task EveryPolecatToolIsAnErrorAsync(AgentSession polecat, string reason)
    {
        await using var mcp = await ConnectAsync(polecat);
        foreach (var (tool, arguments) in new (string, object?)[]
                 {
                     ("gt_prime", null), ("gt_mail_check", null), ("gt_status", new { message = "x" }),
                     ("gt_done", new { summary = "s" }), ("gt_escalate", new { title = "help", body = "b", severity = "low" }),
                 })
            ShouldBeNotFoundError(await CallAsync(mcp, tool, arguments), tool, reason);
    }

    private static void ShouldBeNotFoundError(CallToolResult result, string tool, string reason)
    {
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));
        (result.IsError ?? false).ShouldBeTrue($"{tool}: {text}");
        text.ShouldStartWith("Not found", Case.Sensitive, $"{tool}: {text}");
        text.ShouldContain(reason, Case.Insensitive, $"{tool}: {text}");
    }

    private Task<McpClient> ConnectAsync(AgentSession agent) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(_world.App.BaseAddress, "mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = agent.Client.DefaultRequestHeaders.Authorization!.ToString() },
            }),
            cancellationToken: Json.Ct);

    private static async Task<CallToolResult> CallAsync(McpClient client, string tool, object? arguments) =>
        await client.CallToolAsync(tool, arguments is null
            ? null
            : JsonSerializer.SerializeToElement(arguments).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value), cancellationToken: Json.Ct);

    private async Task DeletionFinishedAsync(Guid storeId)
    {
        var management = _world.App.Services.GetRequiredService<ITownManagement>();
        await ManagementHelpers.EventuallyAsync(async () => (await management.ListPendingDeletionsAsync(Json.Ct)).Any(d => d.StoreId == storeId),
            pending => !pending, "the deletion to finish");
        _world.App.Services.GetRequiredService<ILedgerStores>().Exists(storeId).ShouldBeFalse();
    }
}
