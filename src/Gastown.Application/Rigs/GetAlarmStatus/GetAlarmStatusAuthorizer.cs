using Gastown.Application.Common.Security;

namespace Gastown.Application.Rigs.GetAlarmStatus;

internal sealed class GetAlarmStatusAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<GetAlarmStatus>(access);
