namespace Gastown.Application.Common.Ports;

/// <summary>One changed file: its path (and the old one when renamed), its added and deleted line counts, its hunks.</summary>
public sealed record DiffFile(string Path, string? OldPath, int Additions, int Deletions, IReadOnlyList<DiffHunk> Hunks);
