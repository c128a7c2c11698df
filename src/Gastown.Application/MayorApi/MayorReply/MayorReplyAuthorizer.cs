using Gastown.Application.Common.Security;

namespace Gastown.Application.MayorApi.MayorReply;

internal sealed class MayorReplyAuthorizer(AgentAccess access) : MayorAuthorizer<MayorReply>(access);
