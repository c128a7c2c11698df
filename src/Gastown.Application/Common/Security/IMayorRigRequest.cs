namespace Gastown.Application.Common.Security;

/// <summary>A mayor's request about one rig of its town.</summary>
public interface IMayorRigRequest : IAgentRequest
{
    Guid RigId { get; }
}
