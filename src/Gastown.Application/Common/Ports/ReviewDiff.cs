namespace Gastown.Application.Common.Ports;

/// <summary>A branch's changes against the default branch; <see cref="Truncated"/> when the size bound cut it.</summary>
public sealed record ReviewDiff(IReadOnlyList<DiffFile> Files, bool Truncated);
