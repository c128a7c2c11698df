namespace Gastown.Application.Common.Ports;

/// <summary>Work the management procedures hand to the background, so an answer never waits on git or processes.</summary>
public interface IManagementQueue
{
    void DeletionPending(Guid storeId);

    void CheckRigHealth(Guid rigId);

    /// <summary>A bead of the rig closed or was cancelled: its kept branches may be deleted (branch hygiene).</summary>
    void CleanUpBranches(Guid rigId);
}
