using Gastown.Application.Common.Security;

namespace Gastown.Application.Beads.GetBeadEvents;

internal sealed class GetBeadEventsAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<GetBeadEvents>(access);
