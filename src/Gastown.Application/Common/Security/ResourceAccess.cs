using Gastown.Domain.Towns;

namespace Gastown.Application.Common.Security;

/// <summary>
/// Ownership checks shared by the authorizers. Another user's town or rig answers NotFound, exactly like one that
/// does not exist, so a stranger learns nothing.
/// </summary>
public sealed class ResourceAccess(ICurrentActor current, ITownDirectory directory)
{
    public Result SignedInUser() =>
        current.Actor.Kind == ActorKind.User ? Result.Success() : Result.Unauthorized("A signed-in user is required.");

    public Result SystemOnly() =>
        current.Actor.Kind == ActorKind.System ? Result.Success() : Result.Unauthorized("Only the system may send this request.");

    public async ValueTask<Result> OwnsTownAsync(Guid townId, CancellationToken ct)
    {
        if (SignedInUser() is { IsSuccess: false } anonymous) return anonymous;
        var town = await directory.GetTownAsync(townId, ct);
        return IsOwner(town) ? Result.Success() : Result.NotFound("Town not found.");
    }

    public async ValueTask<Result> OwnsRigAsync(Guid rigId, CancellationToken ct)
    {
        if (SignedInUser() is { IsSuccess: false } anonymous) return anonymous;
        return await directory.GetRigOwnerAsync(rigId, ct) is { } owner && owner == current.Actor.UserId
            ? Result.Success()
            : Result.NotFound("Rig not found.");
    }

    private bool IsOwner(Town? town) => town is not null && town.OwnerUserId == current.Actor.UserId;
}
