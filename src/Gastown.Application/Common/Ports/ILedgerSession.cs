namespace Gastown.Application.Common.Ports;

/// <summary>
/// One unit of work on one ledger store: its narrow stores, one transaction. A write session is one transaction:
/// dispose without <see cref="CommitAsync"/> and nothing happened.
/// </summary>
public interface ILedgerSession : IAsyncDisposable
{
    LedgerIdentity Identity { get; }

    /// <summary>Beads and their event ledger.</summary>
    IBeadStore Beads { get; }

    IAgentStore Agents { get; }

    IMailStore Mail { get; }

    IReviewQueue Reviews { get; }

    IUsageStore Usage { get; }

    /// <summary>Finished agent runs and their transcripts.</summary>
    IRunStore Runs { get; }

    /// <summary>The mayor's replies (town HQ stores).</summary>
    IMayorReplies MayorReplies { get; }

    ILedgerAlarm Alarm { get; }

    /// <summary>What is in flight across agents, beads and the review queue.</summary>
    Task<LedgerActivity> GetActivityAsync(CancellationToken ct);

    Task CommitAsync(CancellationToken ct);
}
