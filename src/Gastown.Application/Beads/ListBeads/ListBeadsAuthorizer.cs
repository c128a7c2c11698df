using Gastown.Application.Common.Security;

namespace Gastown.Application.Beads.ListBeads;

internal sealed class ListBeadsAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<ListBeads>(access);
