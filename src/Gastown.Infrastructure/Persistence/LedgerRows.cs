using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Mail;
using Gastown.Domain.Reviews;
using Gastown.Domain.Towns;
using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence;

// Rows as SQLite holds them: enums as their lowercase words, labels and metadata as JSON text. Each row converts
// to and from its domain record; the SQL lives in the stores of Persistence/Ledger, one per aggregate.

internal sealed class BeadRow
{
    public string Id { get; init; } = "";
    public string Type { get; init; } = "";
    public string Status { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Body { get; init; }
    public string Priority { get; init; } = "";
    public string? AssigneeAgentId { get; init; }
    public string Labels { get; init; } = "[]";
    public string Metadata { get; init; } = "{}";
    public long DispatchAttempts { get; init; }
    public long? LastDispatchAttemptAt { get; init; }
    public long? EscalatedAt { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public long? ClosedAt { get; init; }
    public string? LastError { get; init; }
    public long? NextAttemptAt { get; init; }
    public long ReviewRounds { get; init; }
    public string? PausedReason { get; init; }
    public long? RateLimitedUntil { get; init; }
    public long Hold { get; init; }
    public long OpenBlockers { get; init; }
    public string? ConvoyId { get; init; }

    public const string Columns =
        "id AS Id, type AS Type, status AS Status, title AS Title, body AS Body, priority AS Priority, " +
        "assignee_agent_id AS AssigneeAgentId, labels AS Labels, metadata AS Metadata, dispatch_attempts AS DispatchAttempts, " +
        "last_dispatch_attempt_at AS LastDispatchAttemptAt, escalated_at AS EscalatedAt, created_at AS CreatedAt, " +
        "updated_at AS UpdatedAt, closed_at AS ClosedAt, last_error AS LastError, next_attempt_at AS NextAttemptAt, " +
        "review_rounds AS ReviewRounds, paused_reason AS PausedReason, rate_limited_until AS RateLimitedUntil, " +
        "hold AS Hold, open_blockers AS OpenBlockers, convoy_id AS ConvoyId";

    public static BeadRow From(Bead bead) => new()
    {
        Id = Id(bead.Id), Type = bead.Type.ToText(), Status = bead.Status.ToText(), Title = bead.Title, Body = bead.Body,
        Priority = bead.Priority.ToText(), AssigneeAgentId = Id(bead.AssigneeAgentId),
        Labels = JsonText.Of(bead.Labels), Metadata = JsonText.Of(bead.Metadata),
        DispatchAttempts = bead.DispatchAttempts, LastDispatchAttemptAt = Time(bead.LastDispatchAttemptAt),
        EscalatedAt = Time(bead.EscalatedAt), CreatedAt = Time(bead.CreatedAt), UpdatedAt = Time(bead.UpdatedAt), ClosedAt = Time(bead.ClosedAt),
        LastError = bead.LastError, NextAttemptAt = Time(bead.NextAttemptAt), ReviewRounds = bead.ReviewRounds,
        PausedReason = bead.PausedReason, RateLimitedUntil = Time(bead.RateLimitedUntil),
        Hold = (long)bead.Hold, OpenBlockers = bead.OpenBlockers, ConvoyId = Id(bead.ConvoyId),
    };

    public Bead ToDomain() => new(
        ToId(Id), EnumText.Parse<BeadType>(Type), EnumText.Parse<BeadStatus>(Status), Title, Body,
        EnumText.Parse<BeadPriority>(Priority), ToOptionalId(AssigneeAgentId), JsonText.List(Labels), JsonText.Map(Metadata),
        (int)DispatchAttempts, ToTime(LastDispatchAttemptAt), ToTime(EscalatedAt), ToTime(CreatedAt), ToTime(UpdatedAt), ToTime(ClosedAt),
        LastError, ToTime(NextAttemptAt), (int)ReviewRounds, PausedReason, ToTime(RateLimitedUntil),
        (BeadHold)Hold, (int)OpenBlockers, ToOptionalId(ConvoyId));
}

internal sealed class AgentRow
{
    public string Id { get; init; } = "";
    public string Role { get; init; } = "";
    public string Name { get; init; } = "";
    public string Identity { get; init; } = "";
    public string Status { get; init; } = "";
    public string? HookedBeadId { get; init; }
    public long Generation { get; init; }
    public long? ProcessId { get; init; }
    public long? LastActivityAt { get; init; }
    public long RestartCount { get; init; }
    public string? Checkpoint { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public string? StatusLine { get; init; }
    public long? StatusLineAt { get; init; }
    public string? LastError { get; init; }
    public long? NextAttemptAt { get; init; }
    public string? PausedReason { get; init; }
    public long? RateLimitedUntil { get; init; }
    public string? NodeId { get; init; }
    public string? CliSessionId { get; init; }
    public string? CliSessionBeadId { get; init; }
    public string? CliSessionBranch { get; init; }

    public const string Columns =
        "id AS Id, role AS Role, name AS Name, identity AS Identity, status AS Status, hooked_bead_id AS HookedBeadId, " +
        "generation AS Generation, process_id AS ProcessId, last_activity_at AS LastActivityAt, restart_count AS RestartCount, " +
        "checkpoint AS Checkpoint, created_at AS CreatedAt, updated_at AS UpdatedAt, " +
        "status_line AS StatusLine, status_line_at AS StatusLineAt, last_error AS LastError, next_attempt_at AS NextAttemptAt, " +
        "paused_reason AS PausedReason, rate_limited_until AS RateLimitedUntil, node_id AS NodeId, " +
        "cli_session_id AS CliSessionId, cli_session_bead_id AS CliSessionBeadId, cli_session_branch AS CliSessionBranch";

    public static AgentRow From(Agent agent) => new()
    {
        Id = Id(agent.Id), Role = agent.Role.ToText(), Name = agent.Name, Identity = agent.Identity, Status = agent.Status.ToText(),
        HookedBeadId = Id(agent.HookedBeadId), Generation = agent.Generation, ProcessId = agent.ProcessId,
        LastActivityAt = Time(agent.LastActivityAt), RestartCount = agent.RestartCount, Checkpoint = agent.Checkpoint,
        CreatedAt = Time(agent.CreatedAt), UpdatedAt = Time(agent.UpdatedAt),
        StatusLine = agent.StatusLine, StatusLineAt = Time(agent.StatusLineAt),
        LastError = agent.LastError, NextAttemptAt = Time(agent.NextAttemptAt),
        PausedReason = agent.PausedReason, RateLimitedUntil = Time(agent.RateLimitedUntil), NodeId = agent.NodeId,
        CliSessionId = agent.CliSession?.Id, CliSessionBeadId = Id(agent.CliSession?.BeadId), CliSessionBranch = agent.CliSession?.Branch,
    };

    public Agent ToDomain() => new(
        ToId(Id), EnumText.Parse<AgentRole>(Role), Name, Identity, EnumText.Parse<AgentStatus>(Status), ToOptionalId(HookedBeadId),
        (int)Generation, (int?)ProcessId, ToTime(LastActivityAt), (int)RestartCount, Checkpoint, ToTime(CreatedAt), ToTime(UpdatedAt),
        StatusLine, ToTime(StatusLineAt), LastError, ToTime(NextAttemptAt), PausedReason, ToTime(RateLimitedUntil), NodeId,
        CliSessionId is { } session && ToOptionalId(CliSessionBeadId) is { } bead && CliSessionBranch is { } branch ? new CliSession(session, bead, branch) : null);
}

internal sealed class MailRow
{
    public string Id { get; init; } = "";
    public string FromAddress { get; init; } = "";
    public string ToAgentId { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Body { get; init; } = "";
    public long Delivered { get; init; }
    public long? DeliveredAt { get; init; }
    public long CreatedAt { get; init; }

    public const string Columns =
        "id AS Id, from_address AS FromAddress, to_agent_id AS ToAgentId, subject AS Subject, body AS Body, " +
        "delivered AS Delivered, delivered_at AS DeliveredAt, created_at AS CreatedAt";

    public static MailRow From(MailMessage mail) => new()
    {
        Id = Id(mail.Id), FromAddress = mail.From, ToAgentId = Id(mail.ToAgentId), Subject = mail.Subject, Body = mail.Body,
        Delivered = mail.Delivered ? 1 : 0, DeliveredAt = Time(mail.DeliveredAt), CreatedAt = Time(mail.CreatedAt),
    };

    public MailMessage ToDomain() => new(ToId(Id), FromAddress, ToId(ToAgentId), Subject, Body, Delivered != 0, ToTime(DeliveredAt), ToTime(CreatedAt));
}

internal sealed class ReviewRow
{
    public string Id { get; init; } = "";
    public string AgentId { get; init; } = "";
    public string BeadId { get; init; } = "";
    public string Branch { get; init; } = "";
    public string? Summary { get; init; }
    public string Status { get; init; } = "";
    public long Attempts { get; init; }
    public string? MergeCommit { get; init; }
    public string? Message { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public string? Gates { get; init; }
    public string? BaseCommit { get; init; }
    public string? Feedback { get; init; }
    public long? BranchDeletedAt { get; init; }
    public string? NodeId { get; init; }

    public const string Columns =
        "id AS Id, agent_id AS AgentId, bead_id AS BeadId, branch AS Branch, summary AS Summary, status AS Status, " +
        "attempts AS Attempts, merge_commit AS MergeCommit, message AS Message, created_at AS CreatedAt, updated_at AS UpdatedAt, " +
        "gates AS Gates, base_commit AS BaseCommit, feedback AS Feedback, branch_deleted_at AS BranchDeletedAt, node_id AS NodeId";

    public static ReviewRow From(ReviewEntry entry) => new()
    {
        Id = Id(entry.Id), AgentId = Id(entry.AgentId), BeadId = Id(entry.BeadId), Branch = entry.Branch, Summary = entry.Summary,
        Status = entry.Status.ToText(), Attempts = entry.Attempts, MergeCommit = entry.MergeCommit, Message = entry.Message,
        CreatedAt = Time(entry.CreatedAt), UpdatedAt = Time(entry.UpdatedAt),
        Gates = entry.Gates is null ? null : JsonSerializer.Serialize(entry.Gates), BaseCommit = entry.BaseCommit, Feedback = entry.Feedback,
        BranchDeletedAt = Time(entry.BranchDeletedAt), NodeId = entry.NodeId,
    };

    public ReviewEntry ToDomain() => new(
        ToId(Id), ToId(AgentId), ToId(BeadId), Branch, Summary, EnumText.Parse<ReviewStatus>(Status), (int)Attempts, MergeCommit, Message,
        ToTime(CreatedAt), ToTime(UpdatedAt), Gates is null ? null : JsonSerializer.Deserialize<List<GateResult>>(Gates), BaseCommit, Feedback,
        ToTime(BranchDeletedAt), NodeId);
}

internal sealed class BeadEventRow
{
    public long Id { get; init; }
    public string BeadId { get; init; } = "";
    public string? AgentId { get; init; }
    public string Type { get; init; } = "";
    public string? OldValue { get; init; }
    public string? NewValue { get; init; }
    public string Metadata { get; init; } = "{}";
    public long CreatedAt { get; init; }

    public const string Columns =
        "id AS Id, bead_id AS BeadId, agent_id AS AgentId, type AS Type, old_value AS OldValue, new_value AS NewValue, " +
        "metadata AS Metadata, created_at AS CreatedAt";

    public static BeadEventRow From(BeadEvent e) => new()
    {
        BeadId = Id(e.BeadId), AgentId = Id(e.AgentId), Type = e.Type.ToText(), OldValue = e.OldValue, NewValue = e.NewValue,
        Metadata = JsonText.Of(e.Metadata), CreatedAt = Time(e.CreatedAt),
    };

    public BeadEvent ToDomain() => new(
        Id, ToId(BeadId), ToOptionalId(AgentId), EnumText.Parse<BeadEventType>(Type), OldValue, NewValue, JsonText.Map(Metadata), ToTime(CreatedAt));
}

internal sealed class MayorReplyRow
{
    public string Id { get; init; } = "";
    public string MayorAgentId { get; init; } = "";
    public string Body { get; init; } = "";
    public string? InReplyTo { get; init; }
    public long CreatedAt { get; init; }

    public const string Columns =
        "id AS Id, mayor_agent_id AS MayorAgentId, body AS Body, in_reply_to AS InReplyTo, created_at AS CreatedAt";

    public static MayorReplyRow From(MayorReply reply) => new()
    {
        Id = Id(reply.Id), MayorAgentId = Id(reply.MayorAgentId), Body = reply.Body, InReplyTo = Id(reply.InReplyTo),
        CreatedAt = Time(reply.CreatedAt),
    };

    public MayorReply ToDomain() => new(ToId(Id), ToId(MayorAgentId), Body, ToOptionalId(InReplyTo), ToTime(CreatedAt));
}

internal static class JsonText
{
    // Most events and beads carry no labels or metadata: their JSON is a constant, not a serializer run.
    public static string Of(IReadOnlyList<string> list) => list.Count == 0 ? "[]" : JsonSerializer.Serialize(list);

    public static string Of(IReadOnlyDictionary<string, string> map) => map.Count == 0 ? "{}" : JsonSerializer.Serialize(map);

    public static IReadOnlyList<string> List(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];

    public static IReadOnlyDictionary<string, string> Map(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>();
}
