namespace Gastown.Application.Common.Security;

/// <summary>A request that touches one town.</summary>
public interface ITownRequest
{
    Guid TownId { get; }
}
