using Gastown.Application.Common.Security;

namespace Gastown.Application.Towns.GetMayor;

internal sealed class GetMayorAuthorizer(ResourceAccess access) : TownOwnerAuthorizer<GetMayor>(access);
