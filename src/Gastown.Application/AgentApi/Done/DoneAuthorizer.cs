using Gastown.Application.Common.Security;

namespace Gastown.Application.AgentApi.Done;

internal sealed class DoneAuthorizer(AgentAccess access) : AgentSelfAuthorizer<Done>(access);
