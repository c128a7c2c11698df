using Gastown.Application.Common.Security;

namespace Gastown.Application.AgentApi.Escalate;

internal sealed class EscalateAuthorizer(AgentAccess access) : AgentSelfAuthorizer<Escalate>(access);
