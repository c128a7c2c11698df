using Gastown.Application.Common.Security;

namespace Gastown.Application.Rigs.CheckRigHealth;

internal sealed class CheckRigHealthAuthorizer(ResourceAccess access) : SystemOnlyAuthorizer<CheckRigHealth>(access);
