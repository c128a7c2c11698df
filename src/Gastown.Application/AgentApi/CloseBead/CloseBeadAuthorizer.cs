using Gastown.Application.Common.Security;

namespace Gastown.Application.AgentApi.CloseBead;

internal sealed class CloseBeadAuthorizer(AgentAccess access) : AgentSelfAuthorizer<CloseBead>(access);
