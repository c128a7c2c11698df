namespace Gastown.Application.Common.Security;

/// <summary>A mayor's request about one rig of its town: the rig must be in the mayor's town.</summary>
public interface IMayorRigRequest : IMayorRequest
{
    Guid RigId { get; }
}
