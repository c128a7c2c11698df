using System.Text.Json.Serialization;

namespace Gastown.Application.Mail;

/// <summary>A mail message between agents as the API shows it.</summary>
public sealed record MailResponse(
    Guid Id,
    [property: JsonPropertyName("from")] string Sender,
    Guid ToAgentId,
    string Subject,
    string Body,
    bool Delivered,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset CreatedAt)
{
    public static MailResponse From(MailMessage mail) =>
        new(mail.Id, mail.From, mail.ToAgentId, mail.Subject, mail.Body, mail.Delivered, mail.DeliveredAt, mail.CreatedAt);

    public static IReadOnlyList<MailResponse> From(IEnumerable<MailMessage> mail) => [.. mail.Select(From)];
}
