using Gastown.Application.Common.Security;

namespace Gastown.Application.Rigs.UpdateRig;

internal sealed class UpdateRigAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<UpdateRig>(access);
