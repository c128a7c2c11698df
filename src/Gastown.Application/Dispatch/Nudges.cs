using System.Text;
using System.Text.Json;
using Gastown.Application.Agents;
using Gastown.Application.Mail;

namespace Gastown.Application.Dispatch;

/// <summary>
/// A nudge: a short message to a polecat from a person (or the mayor), kept as mail (subject <see cref="Subject"/>).
/// A running process that reads its input gets it at once, as one line shaped like a stream-json user turn (what a
/// CLI that takes input while running reads at its next turn boundary); otherwise it waits, and the agent's next run
/// starts with it in its prompt. Either way it is marked delivered once handed over.
/// </summary>
public static class Nudges
{
    /// <summary>How each waiting nudge starts its line at the top of the next run's prompt.</summary>
    public const string PromptPrefix = "Nudge from ";

    public const string Subject = "NUDGE";

    public const int MaxMessageLength = 4_000;

    /// <summary>Where it went: to the running process now, or to the agent's next run.</summary>
    public const string DeliveredNow = "delivered";

    public const string WaitsForNextRun = "next_run";

    /// <summary>Records the nudge as mail to the agent (and on its hooked bead's ledger), in the caller's transaction.</summary>
    public static async Task<MailMessage> RecordAsync(ILedgerSession ledger, Agent agent, string from, string message, DateTimeOffset now, CancellationToken ct)
    {
        var mail = MailMessage.New(from, agent.Id, Subject, message, now);
        await ledger.Mail.InsertAsync(mail, ct);
        await ledger.Beads.AppendEventsAsync(agent.NoteMail($"nudge from {from}", now).Events, ct);
        return mail;
    }

    /// <summary>
    /// After the nudge is committed: handed to the agent's running process of this generation if it reads input, and
    /// then marked delivered. Answers the delivery (<see cref="DeliveredNow"/> or <see cref="WaitsForNextRun"/>).
    /// </summary>
    public static async Task<NudgeResponse> DeliverAsync(
        ILedgerStores ledgers, ITownContainer container, Guid storeId, Agent agent, MailMessage mail, DateTimeOffset now, CancellationToken ct)
    {
        var process = container.GetStatus(agent.Id);
        if (agent.Status != AgentStatus.Working || process.State != AgentProcessState.Running || process.Generation != agent.Generation
            || !(await container.SendMessageAsync(agent.Id, Line(mail.Body), ct)).IsSuccess)
            return NudgeResponse.From(mail, WaitsForNextRun);

        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        await ledger.Mail.MarkDeliveredAsync([mail.Id], now, ct);
        await ledger.CommitAsync(ct);
        return NudgeResponse.From(mail with { Delivered = true, DeliveredAt = now }, DeliveredNow);
    }

    /// <summary>One input line: a user turn as stream-json CLIs read it (<c>{"type":"user","message":{…}}</c>).</summary>
    public static string Line(string message) => UserTurn($"Nudge: {message}");

    /// <summary>A user message as one stream-json input line (a run's first prompt is written the same way).</summary>
    public static string UserTurn(string text) => JsonSerializer.Serialize(new
    {
        type = "user",
        message = new { role = "user", content = new[] { new { type = "text", text } } },
    });

    /// <summary>
    /// The nudges still waiting for this agent, marked delivered (in the caller's transaction, the dispatch's) and
    /// written as the start of its next prompt; empty when none waits.
    /// </summary>
    public static async Task<string> TakeForPromptAsync(ILedgerSession ledger, Guid agentId, DateTimeOffset now, CancellationToken ct)
    {
        var waiting = (await ledger.Mail.ListUndeliveredAsync(agentId, ct)).Where(mail => mail.Subject == Subject).ToList();
        if (waiting.Count == 0) return "";
        await ledger.Mail.MarkDeliveredAsync([.. waiting.Select(mail => mail.Id)], now, ct);
        var prompt = new StringBuilder();
        foreach (var nudge in waiting) prompt.AppendLine($"{PromptPrefix}{nudge.From}: {nudge.Body}");
        return prompt.AppendLine().ToString();
    }
}
