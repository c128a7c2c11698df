namespace Gastown.Application.Common.Ports;

/// <summary>Whether a repository answers (git ls-remote with its credentials, bounded in time); null when it does, else why not.</summary>
public interface IRepositoryProbe
{
    Task<string?> ProblemAsync(RepositoryRef repository, CancellationToken ct);
}
