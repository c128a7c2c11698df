using System.ComponentModel;
using Gastown.Application.AgentApi.CheckMail;
using Gastown.Application.AgentApi.CloseBead;
using Gastown.Application.AgentApi.Done;
using Gastown.Application.AgentApi.DoneWithoutChanges;
using Gastown.Application.AgentApi.Escalate;
using Gastown.Application.AgentApi.Prime;
using Gastown.Application.AgentApi.SaveCheckpoint;
using Gastown.Application.AgentApi.SendMail;
using Gastown.Application.AgentApi.SetAgentStatus;
using Gastown.Application.AgentApi.UpdateBeadStatus;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gastown.Web.Mcp;

/// <summary>
/// A polecat's tools. Each is a thin door onto the mediator request of the matching agent API route
/// (<c>/api/agent/{agentId}/…</c>): same validation, same authorization, same handler.
/// </summary>
[McpServerToolType]
public sealed class PolecatTools(AgentToolCall call)
{
    [McpServerTool(Name = "gt_prime", ReadOnly = true, Idempotent = true)]
    [Description("Call this first. Returns who you are (your agent, with any checkpoint you saved), your hooked bead (the " +
                 "work item: title and body), your undelivered mail, your open beads, the git branch to work on, and " +
                 "the rules: do the work, commit it on that branch, then call gt_done.")]
    public Task<CallToolResult> Prime(CancellationToken ct) =>
        call.RunAsync(call.Sender.Send(new PrimeQuery(call.AgentId), ct), recordsActivity: false, ct);

    [McpServerTool(Name = "gt_bead_status")]
    [Description("Marks one of your beads 'open' or 'in_progress'. (To finish your hooked work call gt_done; to close a " +
                 "bead that needs no merge, gt_bead_close.)")]
    public Task<CallToolResult> BeadStatus(
        [Description("The bead's id (a UUID, e.g. your hooked bead's id from gt_prime).")] string beadId,
        [Description("The new status: 'open' or 'in_progress'.")] string status,
        CancellationToken ct) =>
        call.RunAsync(call.Sender.Send(new UpdateBeadStatusCommand(call.AgentId, ToId(beadId), status), ct), recordsActivity: false, ct);

    [McpServerTool(Name = "gt_bead_close", Idempotent = true)]
    [Description("Closes a bead assigned to you when there is nothing to merge (a question answered, a message handled). " +
                 "Closing your hooked bead also lets go of it. For finished code, call gt_done instead.")]
    public Task<CallToolResult> BeadClose(
        [Description("The bead's id (a UUID).")] string beadId,
        CancellationToken ct) =>
        call.RunAsync(call.Sender.Send(new CloseBeadCommand(call.AgentId, ToId(beadId)), ct), recordsActivity: false, ct);

    [McpServerTool(Name = "gt_done", Destructive = false)]
    [Description("Says your hooked work is finished: commit your changes on your branch first. Your branch joins the " +
                 "review queue to be merged, you are unhooked, and your session ends. Call it once, last. A branch with " +
                 "no commit is not merged: it comes back to you as a review round ('no changes on your branch'). Only " +
                 "if the bead truly needs no change, call it with noChanges: true and a summary of why: the bead is " +
                 "closed without changes.")]
    public Task<CallToolResult> Done(
        [Description("One or two sentences on what you changed, for the reviewer and the merge commit (optional); with " +
                     "noChanges, required: why the bead needs no change.")] string? summary = null,
        [Description("true only when the bead truly needs no change: it is closed without a merge. Default false.")] bool noChanges = false,
        CancellationToken ct = default) =>
        noChanges
            ? call.RunAsync(call.Sender.Send(new DoneWithoutChangesCommand(call.AgentId, summary), ct), recordsActivity: true, ct)
            : call.RunAsync(call.Sender.Send(new DoneCommand(call.AgentId, null, summary), ct), recordsActivity: true, ct);

    [McpServerTool(Name = "gt_escalate")]
    [Description("Asks a person for help when you are stuck or the work is unclear or unsafe: writes an escalation about " +
                 "your hooked bead that a person will see. Prefer this over guessing.")]
    public Task<CallToolResult> Escalate(
        [Description("A short title of the problem (at most 500 characters).")] string title,
        [Description("What is wrong, what you tried, and what you need from a person.")] string body,
        [Description("How urgent (the escalation's priority): 'low', 'medium', 'high' or 'critical'.")] string severity,
        CancellationToken ct) =>
        call.RunAsync(call.Sender.Send(new EscalateCommand(call.AgentId, title, body, severity), ct), recordsActivity: false, ct);

    [McpServerTool(Name = "gt_mail_send")]
    [Description("Sends mail to another agent, named by its identity (e.g. 'web/polecats/Maple') or its id: a polecat " +
                 "mails the agents of its own rig; the mayor, the agents of its town's rigs. Read with gt_mail_check.")]
    public Task<CallToolResult> MailSend(
        [Description("The recipient: an agent identity like 'web/polecats/Maple', or an agent id (UUID).")] string to,
        [Description("The subject line (at most 200 characters).")] string subject,
        [Description("The message.")] string body,
        CancellationToken ct) =>
        call.RunAsync(call.Sender.Send(new SendMailCommand(call.AgentId, to, subject, body), ct), recordsActivity: false, ct);

    [McpServerTool(Name = "gt_mail_check")]
    [Description("Returns your unread mail (oldest first) and marks it read.")]
    public Task<CallToolResult> MailCheck(CancellationToken ct) =>
        call.RunAsync(call.Sender.Send(new CheckMailCommand(call.AgentId), ct), recordsActivity: true, ct);

    [McpServerTool(Name = "gt_checkpoint", Idempotent = true)]
    [Description("Saves where you got to, as JSON (e.g. {\"step\": 3, \"notes\": \"tests pass\"}). If your session is " +
                 "restarted, gt_prime hands it back so you can continue instead of starting over.")]
    public Task<CallToolResult> Checkpoint(
        [Description("Any JSON value describing your progress (at most 64 KB).")] JsonElement data,
        CancellationToken ct) =>
        call.RunAsync(call.Sender.Send(new SaveCheckpointCommand(call.AgentId, data.ValueKind == JsonValueKind.Undefined ? "" : data.GetRawText()), ct),
            recordsActivity: true, ct);

    [McpServerTool(Name = "gt_status", Idempotent = true)]
    [Description("Sets your one-line status, what you are doing right now (e.g. 'running the tests'), shown on the " +
                 "dashboard. Call it whenever you start a new step.")]
    public Task<CallToolResult> Status(
        [Description("One line, at most 300 characters, no line breaks.")] string message,
        CancellationToken ct) =>
        call.RunAsync(call.Sender.Send(new SetAgentStatusCommand(call.AgentId, message), ct), recordsActivity: true, ct);

    /// <summary>An id that is not a UUID becomes the empty id, which the request's validator names.</summary>
    internal static Guid ToId(string? text) => Guid.TryParse(text, out var id) ? id : Guid.Empty;
}
