namespace Gastown.Application.Common.Security;

/// <summary>A request that touches one rig.</summary>
public interface IRigRequest
{
    Guid RigId { get; }
}
