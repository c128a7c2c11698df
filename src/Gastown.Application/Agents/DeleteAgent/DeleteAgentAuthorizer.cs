using Gastown.Application.Common.Security;

namespace Gastown.Application.Agents.DeleteAgent;

internal sealed class DeleteAgentAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<DeleteAgent>(access);
