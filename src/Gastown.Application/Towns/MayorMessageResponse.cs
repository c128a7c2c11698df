using System.Text.Json.Serialization;
using Gastown.Domain.Towns;

namespace Gastown.Application.Towns;

/// <summary>
/// One line of the chat with the mayor: <c>from</c> is <c>user</c> (a message bead; <see cref="Status"/> says whether
/// the mayor has handled it) or <c>mayor</c> (a stored reply; <see cref="InReplyTo"/> names the message it answers).
/// </summary>
public sealed record MayorMessageResponse(
    Guid Id,
    [property: JsonPropertyName("from")] string Sender,
    string Text,
    DateTimeOffset CreatedAt,
    Guid? InReplyTo = null,
    string? Status = null)
{
    public const string FromUser = "user";
    public const string FromMayor = "mayor";

    public static MayorMessageResponse From(MayorReply reply) => new(reply.Id, FromMayor, reply.Body, reply.CreatedAt, reply.InReplyTo);

    public static MayorMessageResponse From(Bead message) =>
        new(message.Id, FromUser, message.Body ?? message.Title, message.CreatedAt, Status: Domain.EnumText.ToText(message.Status));
}
