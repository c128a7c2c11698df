using Gastown.Application.Common.Security;

namespace Gastown.Application.Reviews.GetReview;

internal sealed class GetReviewAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<GetReview>(access);
