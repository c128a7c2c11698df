using Gastown.Application.Common.Security;

namespace Gastown.Application.Beads.UpdateBead;

internal sealed class UpdateBeadAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<UpdateBead>(access);
