using Gastown.Application.Common.Security;

namespace Gastown.Application.Towns.DeleteTown;

internal sealed class DeleteTownAuthorizer(ResourceAccess access) : TownOwnerAuthorizer<DeleteTown>(access);
