using Gastown.Application.Common.Security;

namespace Gastown.Application.AgentApi.Heartbeat;

internal sealed class HeartbeatAuthorizer(AgentAccess access) : AgentSelfAuthorizer<Heartbeat>(access);
