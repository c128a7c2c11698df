using Gastown.Application.Common.Security;

namespace Gastown.Application.MayorApi.MayorSling;

internal sealed class MayorSlingAuthorizer(AgentAccess access) : MayorAuthorizer<MayorSling>(access);
