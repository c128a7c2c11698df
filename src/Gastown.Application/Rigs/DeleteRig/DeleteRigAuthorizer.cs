using Gastown.Application.Common.Security;

namespace Gastown.Application.Rigs.DeleteRig;

internal sealed class DeleteRigAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<DeleteRig>(access);
