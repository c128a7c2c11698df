using Gastown.Application.Common.Security;

namespace Gastown.Application.Users.RevokeTokens;

internal sealed class RevokeTokensAuthorizer(ResourceAccess access) : SystemOnlyAuthorizer<RevokeTokens>(access);
