namespace Gastown.Application.Common.Ports;

/// <summary>One hunk: its <c>@@ … @@</c> header and its lines, each starting with ' ', '+' or '-'.</summary>
public sealed record DiffHunk(string Header, IReadOnlyList<string> Lines);
