using Gastown.Application.Common.Security;

namespace Gastown.Application.Towns.GetTown;

internal sealed class GetTownAuthorizer(ResourceAccess access) : TownOwnerAuthorizer<GetTown>(access);
