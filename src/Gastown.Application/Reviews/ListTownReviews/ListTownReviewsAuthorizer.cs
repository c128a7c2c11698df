using Gastown.Application.Common.Security;

namespace Gastown.Application.Reviews.ListTownReviews;

internal sealed class ListTownReviewsAuthorizer(ResourceAccess access) : TownOwnerAuthorizer<ListTownReviews>(access);
