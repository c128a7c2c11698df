namespace Gastown.Application.Common.Security;

/// <summary>The actor of the current scope (an HTTP request, a job run).</summary>
public interface ICurrentActor
{
    Actor Actor { get; }
}
