using Gastown.Application.Common.Security;

namespace Gastown.Application.Reviews.ListReviews;

internal sealed class ListReviewsAuthorizer(ResourceAccess access) : RigOwnerAuthorizer<ListReviews>(access);
