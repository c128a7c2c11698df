using Gastown.Application.Common.Security;

namespace Gastown.Application.Users.IssueToken;

internal sealed class IssueTokenAuthorizer(ResourceAccess access) : SystemOnlyAuthorizer<IssueToken>(access);
