namespace Gastown.Domain.Reviews;

/// <summary>
/// pending → running → merged | failed (conflict, errors) | changes_requested (a gate failed) | awaiting_approval
/// (approve mode, gates passed) → approved (queued for the merge) → running … ; awaiting_approval → changes_requested
/// (a person rejected it).
/// </summary>
public enum ReviewStatus { Pending, Running, Merged, Failed, AwaitingApproval, Approved, ChangesRequested }
