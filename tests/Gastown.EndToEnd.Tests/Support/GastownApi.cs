using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Support;

public sealed record BeadView(
    Guid Id, string Type, string Status, string Title, string? Body, string Priority, Guid? AssigneeAgentId,
    int DispatchAttempts, DateTimeOffset? EscalatedAt, Dictionary<string, string> Metadata, UsageView? Usage = null,
    string? PausedReason = null, DateTimeOffset? RateLimitedUntil = null);

public sealed record UsageView(long InputTokens, long OutputTokens, long CachedTokens, decimal? CostUsd);

public sealed record AgentView(
    Guid Id, string Role, string Name, string Identity, string Status, Guid? HookedBeadId, int Generation, int? ProcessId, int RestartCount,
    string? PausedReason = null, DateTimeOffset? RateLimitedUntil = null,
    string? NodeId = null);

public sealed record EventView(long Id, Guid BeadId, Guid? AgentId, string Type, string? OldValue, string? NewValue);

public sealed record SlingView(BeadView Bead, AgentView? Agent, bool Queued);

public sealed record MessageView(BeadView Bead, AgentView Agent);

public sealed record StreamUrlView(string Url, string Ticket, DateTimeOffset ExpiresAt);

/// <summary>The dashboard API as a user sees it, over real HTTP.</summary>
public sealed class GastownApi(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public HttpClient Http => http;

    public async Task<Guid> CreateTownAsync(string name) =>
        (await SendAsync<JsonElement>(HttpMethod.Post, "api/towns", new { name })).GetProperty("id").GetGuid();

    public async Task<Guid> CreateRigAsync(Guid townId, string name, string gitUrl) =>
        (await SendAsync<JsonElement>(HttpMethod.Post, $"api/towns/{townId}/rigs", new { name, gitUrl })).GetProperty("id").GetGuid();

    public Task<SlingView> SlingAsync(Guid rigId, string title, string? body = null) =>
        SendAsync<SlingView>(HttpMethod.Post, $"api/rigs/{rigId}/sling", new { title, body });

    public Task<List<BeadView>> BeadsAsync(Guid rigId) => SendAsync<List<BeadView>>(HttpMethod.Get, $"api/rigs/{rigId}/beads?limit=500");

    /// <summary>GET as JSON; anything but success fails with the status and body.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A bead's stored runs (<c>GET …/beads/{beadId}/runs</c>), oldest first.</summary>
    public async Task<List<JsonElement>> RunsAsync(Guid rigId, Guid beadId) =>
        [.. (await GetJsonAsync($"api/rigs/{rigId}/beads/{beadId}/runs")).EnumerateArray()];

    public async Task<BeadView> BeadAsync(Guid rigId, Guid beadId) => (await BeadsAsync(rigId)).Single(bead => bead.Id == beadId);

    public Task<List<EventView>> EventsAsync(Guid rigId, Guid beadId) => SendAsync<List<EventView>>(HttpMethod.Get, $"api/rigs/{rigId}/beads/{beadId}/events");

    public Task<List<AgentView>> AgentsAsync(Guid rigId) => SendAsync<List<AgentView>>(HttpMethod.Get, $"api/rigs/{rigId}/agents");

    public Task<MessageView> SendMessageAsync(Guid townId, string message) =>
        SendAsync<MessageView>(HttpMethod.Post, $"api/towns/{townId}/messages", new { message });

    public Task<StreamUrlView> StreamUrlAsync(Guid townId, Guid agentId) =>
        SendAsync<StreamUrlView>(HttpMethod.Get, $"api/towns/{townId}/agents/{agentId}/stream-url");

    /// <summary>PATCH of the town's config (any subset of its members), answering the config as shown.</summary>
    public Task<JsonElement> UpdateTownConfigAsync(Guid townId, object patch) =>
        SendAsync<JsonElement>(HttpMethod.Patch, $"api/towns/{townId}/config", patch);

    /// <summary>getAlarmStatus of the rig.</summary>
    public Task<JsonElement> AlarmStatusAsync(Guid rigId) => SendAsync<JsonElement>(HttpMethod.Get, $"api/rigs/{rigId}/alarm");

    /// <summary>Waits until the bead is in one of the given statuses.</summary>
    public Task<BeadView> BeadReachesAsync(Guid rigId, Guid beadId, params string[] statuses) =>
        Eventually.MatchAsync(() => BeadAsync(rigId, beadId), bead => statuses.Contains(bead.Status), $"bead {beadId} to be {string.Join("/", statuses)}");

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }
}
