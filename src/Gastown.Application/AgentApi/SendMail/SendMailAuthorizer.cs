using Gastown.Application.Common.Security;

namespace Gastown.Application.AgentApi.SendMail;

internal sealed class SendMailAuthorizer(AgentAccess access) : AgentSelfAuthorizer<SendMail>(access);
