using Gastown.Application.Common.Security;

namespace Gastown.Application.Agents.ListAgents;

internal sealed class ListAgentsAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<ListAgents>(access);
