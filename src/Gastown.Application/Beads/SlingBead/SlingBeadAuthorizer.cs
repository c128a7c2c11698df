using Gastown.Application.Common.Security;

namespace Gastown.Application.Beads.SlingBead;

internal sealed class SlingBeadAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<SlingBead>(access);
