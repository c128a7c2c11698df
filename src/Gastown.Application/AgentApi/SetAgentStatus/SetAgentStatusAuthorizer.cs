using Gastown.Application.Common.Security;

namespace Gastown.Application.AgentApi.SetAgentStatus;

internal sealed class SetAgentStatusAuthorizer(AgentAccess access) : AgentSelfAuthorizer<SetAgentStatus>(access);
