using Gastown.Domain.Towns;

namespace Gastown.Application.Common.Ports;

/// <summary>The mayor's replies in a town HQ store, in the session's transaction.</summary>
public interface IMayorReplies
{
    Task InsertAsync(MayorReply reply, CancellationToken ct);

    /// <summary>The newest replies, newest first.</summary>
    Task<IReadOnlyList<MayorReply>> ListAsync(int limit, CancellationToken ct);
}
