using Gastown.Application.Common.Security;

namespace Gastown.Application.Rigs.CreateRig;

internal sealed class CreateRigAuthorizer(ResourceAccess access) : TownOwnerAuthorizer<CreateRig>(access);
