using Gastown.Application.Common.Security;

namespace Gastown.Application.AgentApi.UpdateBeadStatus;

internal sealed class UpdateBeadStatusAuthorizer(AgentAccess access) : AgentSelfAuthorizer<UpdateBeadStatus>(access);
