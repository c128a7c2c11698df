using Gastown.Application.Common.Security;

namespace Gastown.Application.Alarms.RunAlarmTick;

internal sealed class RunAlarmTickAuthorizer(ResourceAccess access) : SystemOnlyAuthorizer<RunAlarmTick>(access);
