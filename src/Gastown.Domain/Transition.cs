using Gastown.Domain.Beads;

namespace Gastown.Domain;

/// <summary>
/// A state change as the domain decides it: the new state and the ledger events it implies, in the order they
/// happen. Callers persist both in one transaction, so the bead_events ledger never misses a change.
/// </summary>
public sealed record Transition<T>(T State, IReadOnlyList<BeadEvent> Events)
{
    /// <summary>Chains a further change of the new state; the events of both, in order.</summary>
    public Transition<T> Then(Func<T, Transition<T>> next)
    {
        var following = next(State);
        return new Transition<T>(following.State, [.. Events, .. following.Events]);
    }
}
