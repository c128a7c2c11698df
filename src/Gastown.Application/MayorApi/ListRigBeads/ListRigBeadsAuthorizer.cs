using Gastown.Application.Common.Security;

namespace Gastown.Application.MayorApi.ListRigBeads;

internal sealed class ListRigBeadsAuthorizer(AgentAccess access) : MayorAuthorizer<ListRigBeads>(access);
