using Gastown.Application.Common.Security;

namespace Gastown.Application.Beads.DeleteBead;

internal sealed class DeleteBeadAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<DeleteBead>(access);
