using Gastown.Application.Common.Security;

namespace Gastown.Application.AgentApi.CheckMail;

internal sealed class CheckMailAuthorizer(AgentAccess access) : AgentSelfAuthorizer<CheckMail>(access);
