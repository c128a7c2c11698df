using Gastown.Application.Common.Security;

namespace Gastown.Application.Deletions.FinishDeletion;

internal sealed class FinishDeletionAuthorizer(ResourceAccess access) : SystemOnlyAuthorizer<FinishDeletion>(access);
