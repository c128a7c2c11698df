using Gastown.Application.Common.Security;

namespace Gastown.Application.Users.ListUsers;

internal sealed class ListUsersAuthorizer(ResourceAccess access) : SystemOnlyAuthorizer<ListUsers>(access);
