using Gastown.Application.Common.Security;

namespace Gastown.Application.Users.CreateUser;

internal sealed class CreateUserAuthorizer(ResourceAccess access) : SystemOnlyAuthorizer<CreateUser>(access);
