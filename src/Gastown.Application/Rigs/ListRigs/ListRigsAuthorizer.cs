using Gastown.Application.Common.Security;

namespace Gastown.Application.Rigs.ListRigs;

internal sealed class ListRigsAuthorizer(ResourceAccess access) : TownOwnerAuthorizer<ListRigs>(access);
