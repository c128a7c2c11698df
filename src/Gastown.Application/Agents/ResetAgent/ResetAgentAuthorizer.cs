using Gastown.Application.Common.Security;

namespace Gastown.Application.Agents.ResetAgent;

internal sealed class ResetAgentAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<ResetAgent>(access);
