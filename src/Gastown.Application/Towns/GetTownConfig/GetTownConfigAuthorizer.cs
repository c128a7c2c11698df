using Gastown.Application.Common.Security;

namespace Gastown.Application.Towns.GetTownConfig;

internal sealed class GetTownConfigAuthorizer(ResourceAccess access) : TownOwnerAuthorizer<GetTownConfig>(access);
