using Gastown.Application.Common.Security;

namespace Gastown.Application.Reviews.RejectReview;

internal sealed class RejectReviewAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<RejectReview>(access);
