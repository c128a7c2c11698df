using Gastown.Application.Common.Security;

namespace Gastown.Application.Towns.CreateTown;

internal sealed class CreateTownAuthorizer(ResourceAccess access) : SignedInUserAuthorizer<CreateTown>(access);
