using Gastown.Application.Common.Security;

namespace Gastown.Application.Reviews.CleanUpBranches;

internal sealed class CleanUpBranchesAuthorizer(ResourceAccess access) : SystemOnlyAuthorizer<CleanUpBranches>(access);
