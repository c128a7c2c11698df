namespace Gastown.Application.Common.Ports;

public sealed record MergeRequest(RepositoryRef Repository, string Branch, string CommitMessage);
