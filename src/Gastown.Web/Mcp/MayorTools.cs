using System.ComponentModel;
using Ardalis.Result;
using Result = Ardalis.Result.Result;
using Gastown.Application.Convoys.CloseConvoy;
using Gastown.Application.Convoys.CreateConvoy;
using Gastown.Application.Convoys.GetConvoy;
using Gastown.Application.Convoys.ListConvoys;
using Gastown.Application.Convoys.StartConvoy;
using Gastown.Application.MayorApi.ListRigAgents;
using Gastown.Application.MayorApi.ListRigBeads;
using Gastown.Application.MayorApi.ListTownRigs;
using Gastown.Application.MayorApi.MayorNudge;
using Gastown.Application.MayorApi.MayorReply;
using Gastown.Application.MayorApi.MayorSling;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gastown.Web.Mcp;

/// <summary>
/// The mayor's tools. Each is a thin door onto the mediator request of the matching mayor route
/// (<c>/api/agent/{agentId}/town/…</c>). A rig is named by its name or id and is looked up among the mayor's own
/// town's rigs only; a rig id of another town is refused by the request's authorizer.
/// </summary>
[McpServerToolType]
public sealed class MayorTools(AgentToolCall call)
{
    [McpServerTool(Name = "gt_list_rigs", ReadOnly = true, Idempotent = true)]
    [Description("Lists the rigs (git repositories) of your town: the places you can sling work into.")]
    public Task<CallToolResult> ListRigs(CancellationToken ct) =>
        call.RunAsync(call.Sender.Send(new ListTownRigsQuery(call.AgentId), ct), recordsActivity: false, ct);

    [McpServerTool(Name = "gt_list_beads", ReadOnly = true, Idempotent = true)]
    [Description("Lists the newest beads (work items) of one rig of your town, optionally only those of one status.")]
    public async Task<CallToolResult> ListBeads(
        [Description("The rig: its name (e.g. 'web') or its id.")] string rig,
        [Description("Optional: only beads of this status: 'open', 'in_progress', 'closed' or 'cancelled'.")] string? status = null,
        CancellationToken ct = default) =>
        await ForRigAsync(rig, rigId => call.Sender.Send(new ListRigBeadsQuery(call.AgentId, rigId, status), ct), ct);

    [McpServerTool(Name = "gt_list_agents", ReadOnly = true, Idempotent = true)]
    [Description("Lists the agents (polecats) of one rig of your town with their status, hooked bead and status line.")]
    public async Task<CallToolResult> ListAgents(
        [Description("The rig: its name (e.g. 'web') or its id.")] string rig,
        CancellationToken ct) =>
        await ForRigAsync(rig, rigId => call.Sender.Send(new ListRigAgentsQuery(call.AgentId, rigId), ct), ct);

    [McpServerTool(Name = "gt_sling")]
    [Description("Hands a piece of work to a polecat: creates a bead in one rig of your town and assigns it to a free " +
                 "polecat (or queues it until one is free), or, with dependsOn, holds it until those beads are merged. Answers " +
                 "the bead, the agent and whether it was queued.")]
    public async Task<CallToolResult> Sling(
        [Description("The rig: its name (e.g. 'web') or its id. Only rigs of your own town.")] string rig,
        [Description("What to do, as a short imperative title (at most 500 characters).")] string title,
        [Description("Optional: the details a polecat needs (context, acceptance criteria).")] string? body = null,
        [Description("Optional: the model the polecat should use; the town's default otherwise.")] string? model = null,
        [Description("Optional: ids of beads of your town (any rig) that must be merged before this one starts.")] string[]? dependsOn = null,
        [Description("Optional: a key of your own for this sling (e.g. the message id); a retry with the same key answers the first bead and creates nothing new.")] string? requestId = null,
        CancellationToken ct = default) =>
        await ForRigAsync(rig, rigId => call.Sender.Send(new MayorSlingCommand(call.AgentId, rigId, title, body, model,
            dependsOn is null ? null : [.. dependsOn.Select(PolecatTools.ToId)], requestId), ct), ct);

    [McpServerTool(Name = "gt_sling_batch")]
    [Description("Plans a feature as one convoy: slings several tasks at once, across the rigs of your town, each " +
                 "started only after the tasks it depends on have merged. All tasks are created together or none. " +
                 "Answers the convoy with its beads. Pass a requestId to make a retry safe: the same requestId " +
                 "answers the first convoy again and creates nothing.")]
    public Task<CallToolResult> SlingBatch(
        [Description("The convoy's title: the feature these tasks make up.")] string title,
        [Description("The tasks, in order; dependsOn names earlier or later tasks by their 0-based index in this list.")] BatchTask[] tasks,
        [Description("Optional: 'direct' (each bead merges into its rig's default branch, the default) or 'land' " +
                     "(a feature branch per rig, landed once every bead has merged).")] string? mode = null,
        [Description("Optional: true to create the convoy staged (nothing runs until gt_convoy_start).")] bool? staged = null,
        [Description("Optional: a key of your own for this batch (e.g. the message id); a retry with the same key creates nothing new.")] string? requestId = null,
        CancellationToken ct = default) =>
        call.RunAsync(call.Sender.Send(new CreateConvoyCommand(call.TownId, title, [.. (tasks ?? []).Select(task => task.ToConvoyTask())],
            mode, staged ?? false, requestId), ct), recordsActivity: false, ct);

    [McpServerTool(Name = "gt_list_convoys", ReadOnly = true, Idempotent = true)]
    [Description("Lists your town's convoys, newest first: status, mode, and how many of their beads are merged or failed.")]
    public Task<CallToolResult> ListConvoys(
        [Description("Optional: only convoys of this status: 'staged', 'active', 'blocked', 'landing', 'landed' or 'closed'.")] string? status = null,
        CancellationToken ct = default) =>
        call.RunAsync(call.Sender.Send(new ListConvoysQuery(call.TownId, status), ct), recordsActivity: false, ct);

    [McpServerTool(Name = "gt_convoy_status", ReadOnly = true, Idempotent = true)]
    [Description("One convoy of your town in full: each bead with its rig, status, agent and the beads it still waits for, and the dependency edges.")]
    public Task<CallToolResult> ConvoyStatus(
        [Description("The convoy's id (a UUID), as gt_sling_batch or gt_list_convoys gave it.")] string convoy,
        CancellationToken ct) =>
        call.RunAsync(call.Sender.Send(new GetConvoyQuery(call.TownId, PolecatTools.ToId(convoy)), ct), recordsActivity: false, ct);

    [McpServerTool(Name = "gt_convoy_start", Idempotent = false)]
    [Description("Starts a staged convoy: its ready beads are dispatched at once. A convoy that is not staged is refused.")]
    public Task<CallToolResult> ConvoyStart(
        [Description("The convoy's id (a UUID).")] string convoy,
        CancellationToken ct) =>
        call.RunAsync(call.Sender.Send(new StartConvoyCommand(call.TownId, PolecatTools.ToId(convoy)), ct), recordsActivity: false, ct);

    [McpServerTool(Name = "gt_convoy_close", Destructive = true)]
    [Description("Closes a convoy: every one of its beads not merged yet is cancelled and its agent stopped.")]
    public Task<CallToolResult> ConvoyClose(
        [Description("The convoy's id (a UUID).")] string convoy,
        CancellationToken ct) =>
        call.RunAsync(call.Sender.Send(new CloseConvoyCommand(call.TownId, PolecatTools.ToId(convoy)), ct), recordsActivity: false, ct);

    [McpServerTool(Name = "gt_reply")]
    [Description("Answers your user: the reply is stored and shown in the chat. Name the message you answer (its id is " +
                 "given with each message) to mark it handled.")]
    public Task<CallToolResult> Reply(
        [Description("Your answer to the user.")] string message,
        [Description("Optional: the id (UUID) of the user's message you are answering; it is then marked handled.")] string? inReplyTo = null,
        CancellationToken ct = default) =>
        call.RunAsync(call.Sender.Send(new MayorReplyCommand(call.AgentId, message,
            inReplyTo is null ? null : PolecatTools.ToId(inReplyTo)), ct), recordsActivity: true, ct);

    [McpServerTool(Name = "gt_nudge")]
    [Description("Nudges a polecat of your town with a short message: a running polecat that takes input gets it at " +
                 "once, otherwise it starts the polecat's next run. The polecat's mail keeps it either way.")]
    public Task<CallToolResult> Nudge(
        [Description("The polecat: its identity (e.g. 'web/polecats/Maple', see gt_list_agents) or its id (UUID).")] string agent,
        [Description("What to tell it (at most 4000 characters).")] string message,
        CancellationToken ct = default) =>
        call.RunAsync(call.Sender.Send(new MayorNudgeCommand(call.AgentId, agent, message), ct), recordsActivity: true, ct);

    /// <summary>Sends the request for the named rig, or answers why there is no such rig.</summary>
    private async Task<CallToolResult> ForRigAsync<T>(string rig, Func<Guid, ValueTask<Result<T>>> send, CancellationToken ct)
    {
        var rigId = await RigAsync(rig, ct);
        return rigId.IsSuccess
            ? await call.RunAsync(send(rigId.Value), recordsActivity: false, ct)
            : await call.RunAsync(ValueTask.FromResult(rigId), recordsActivity: false, ct);
    }

    /// <summary>
    /// The rig's id: a UUID is taken as it is (the request's authorizer refuses another town's), a name is looked up
    /// among this mayor's town's rigs (through the same request as gt_list_rigs).
    /// </summary>
    private async Task<Result<Guid>> RigAsync(string rig, CancellationToken ct)
    {
        if (Guid.TryParse(rig, out var id)) return id;
        var rigs = await call.Sender.Send(new ListTownRigsQuery(call.AgentId), ct);
        if (!rigs.IsSuccess) return rigs.Map(_ => Guid.Empty);
        var named = rigs.Value.FirstOrDefault(r => string.Equals(r.Name, rig?.Trim(), StringComparison.OrdinalIgnoreCase));
        return named is null ? Result.NotFound($"There is no rig '{rig}' in your town; gt_list_rigs lists them.") : named.Id;
    }
}
