using Gastown.Application.Common.Security;

namespace Gastown.Application.Towns.UpdateTown;

internal sealed class UpdateTownAuthorizer(ResourceAccess access) : TownOwnerAuthorizer<UpdateTown>(access);
