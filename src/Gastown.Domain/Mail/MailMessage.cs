namespace Gastown.Domain.Mail;

/// <summary>Mail between agents of one store. "Delivered" means the recipient has read it.</summary>
public sealed record MailMessage(
    Guid Id,
    string From,
    Guid ToAgentId,
    string Subject,
    string Body,
    bool Delivered,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset CreatedAt)
{
    /// <summary>
    /// Sent by the patrol to an agent that has been quiet too long. The name is Gas Town's: GUPP, its "universal
    /// propulsion principle", says an agent with work on its hook must be running it; the check asks a silent one to
    /// carry on or say (gt_escalate) why it cannot. Kept as the subject agents already know.
    /// </summary>
    public const string GuppCheckSubject = "GUPP_CHECK";

    public static MailMessage New(string from, Guid to, string subject, string body, DateTimeOffset now) =>
        new(Guid.NewGuid(), from, to, subject, body, false, null, now);

    /// <summary>Read by its recipient.</summary>
    public MailMessage MarkDelivered(DateTimeOffset now) => this with { Delivered = true, DeliveredAt = now };
}
