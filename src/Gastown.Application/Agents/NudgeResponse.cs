using Gastown.Application.Mail;

namespace Gastown.Application.Agents;

/// <summary>A nudge as sent: the mail it is kept as (the agent's mail shows it), and where it went (<c>delivered</c> or <c>next_run</c>).</summary>
public sealed record NudgeResponse(MailResponse Mail, string Delivery)
{
    public static NudgeResponse From(MailMessage mail, string delivery) => new(MailResponse.From(mail), delivery);
}
