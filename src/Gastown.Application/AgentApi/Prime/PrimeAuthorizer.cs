using Gastown.Application.Common.Security;

namespace Gastown.Application.AgentApi.Prime;

internal sealed class PrimeAuthorizer(AgentAccess access) : AgentSelfAuthorizer<Prime>(access);
