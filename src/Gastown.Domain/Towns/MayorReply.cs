namespace Gastown.Domain.Towns;

/// <summary>
/// Something the mayor said to its user (gt_reply), kept in the town HQ store beside the user's message beads so
/// the chat has both sides. <see cref="InReplyTo"/> names the message bead it answers, when the mayor said which.
/// </summary>
public sealed record MayorReply(Guid Id, Guid MayorAgentId, string Body, Guid? InReplyTo, DateTimeOffset CreatedAt)
{
    public static MayorReply New(Guid mayorAgentId, string body, Guid? inReplyTo, DateTimeOffset now) =>
        new(Guid.NewGuid(), mayorAgentId, body, inReplyTo, now);
}
