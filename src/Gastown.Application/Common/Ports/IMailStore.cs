namespace Gastown.Application.Common.Ports;

/// <summary>Mail to a store's agents, in the session's transaction.</summary>
public interface IMailStore
{
    Task InsertAsync(MailMessage mail, CancellationToken ct);
    Task<IReadOnlyList<MailMessage>> ListUndeliveredAsync(Guid agentId, CancellationToken ct);
    Task MarkDeliveredAsync(IReadOnlyList<Guid> mailIds, DateTimeOffset at, CancellationToken ct);
    Task<bool> HasUndeliveredAsync(Guid agentId, string subject, CancellationToken ct);
}
