using Gastown.Application.Common.Security;

namespace Gastown.Application.Beads.RetryBead;

internal sealed class RetryBeadAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<RetryBead>(access);
