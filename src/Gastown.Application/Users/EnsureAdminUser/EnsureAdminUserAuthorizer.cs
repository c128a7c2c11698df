using Gastown.Application.Common.Security;

namespace Gastown.Application.Users.EnsureAdminUser;

internal sealed class EnsureAdminUserAuthorizer(ResourceAccess access) : SystemOnlyAuthorizer<EnsureAdminUser>(access);
