using Gastown.Application.Common.Security;

namespace Gastown.Application.Towns.GetTownEvents;

internal sealed class GetTownEventsAuthorizer(ResourceAccess access) : TownOwnerAuthorizer<GetTownEvents>(access);
