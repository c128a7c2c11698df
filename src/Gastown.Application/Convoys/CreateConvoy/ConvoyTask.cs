namespace Gastown.Application.Convoys.CreateConvoy;

/// <summary>
/// One bead of a new convoy: <see cref="Rig"/> is a rig id or name of the town; <see cref="DependsOn"/> are indexes into
/// the convoy's tasks (merged before this one is dispatched).
/// </summary>
public sealed record ConvoyTask(
    string Rig, string Title, string? Body = null, string? Model = null, string? Priority = null, IReadOnlyList<string>? Labels = null,
    IReadOnlyList<int>? DependsOn = null);
