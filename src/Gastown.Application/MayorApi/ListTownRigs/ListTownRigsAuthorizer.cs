using Gastown.Application.Common.Security;

namespace Gastown.Application.MayorApi.ListTownRigs;

internal sealed class ListTownRigsAuthorizer(AgentAccess access) : MayorAuthorizer<ListTownRigs>(access);
