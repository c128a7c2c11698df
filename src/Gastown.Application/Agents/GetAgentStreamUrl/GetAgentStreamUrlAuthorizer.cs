using Gastown.Application.Common.Security;

namespace Gastown.Application.Agents.GetAgentStreamUrl;

internal sealed class GetAgentStreamUrlAuthorizer(ResourceAccess access) : TownOwnerAuthorizer<GetAgentStreamUrl>(access);
