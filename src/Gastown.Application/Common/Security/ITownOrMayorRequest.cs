namespace Gastown.Application.Common.Security;

/// <summary>
/// Access marker: a request about one town that its owner (the dashboard, curl) and its mayor (the mayor's tools) may
/// both send — one procedure for both planes (<see cref="TownOrMayorAuthorizer{TRequest}"/>). Another user's town
/// answers 404; another town's mayor is forbidden.
/// </summary>
public interface ITownOrMayorRequest
{
    Guid TownId { get; }
}
