using Gastown.Application.Common.Security;

namespace Gastown.Application.Reviews.ApproveReview;

internal sealed class ApproveReviewAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<ApproveReview>(access);
