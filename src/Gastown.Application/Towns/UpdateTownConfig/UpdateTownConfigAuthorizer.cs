using Gastown.Application.Common.Security;

namespace Gastown.Application.Towns.UpdateTownConfig;

internal sealed class UpdateTownConfigAuthorizer(ResourceAccess access) : TownOwnerAuthorizer<UpdateTownConfig>(access);
