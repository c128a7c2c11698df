using Gastown.Application.Common.Security;

namespace Gastown.Application.MayorApi.ListRigAgents;

internal sealed class ListRigAgentsAuthorizer(AgentAccess access) : MayorAuthorizer<ListRigAgents>(access);
