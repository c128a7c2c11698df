using Gastown.Application.Common.Security;

namespace Gastown.Application.Users.GetCurrentUser;

internal sealed class GetCurrentUserAuthorizer(ResourceAccess access) : SignedInUserAuthorizer<GetCurrentUser>(access);
