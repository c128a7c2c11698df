using Gastown.Application.Common.Security;

namespace Gastown.Application.Beads.CancelBead;

internal sealed class CancelBeadAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<CancelBead>(access);
