using Gastown.Application.Common.Security;

namespace Gastown.Application.Rigs.GetRig;

internal sealed class GetRigAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<GetRig>(access);
