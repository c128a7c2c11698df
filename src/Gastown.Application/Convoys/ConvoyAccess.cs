namespace Gastown.Application.Convoys;

/// <summary>A convoy of the request's town (the town's ownership is the authorizer's): another town's answers 404 like a missing one.</summary>
internal static class ConvoyAccess
{
    public static async Task<Result<Convoy>> FindAsync(IConvoyStore convoys, Guid townId, Guid convoyId, CancellationToken ct) =>
        await convoys.GetAsync(convoyId, ct) is { Status: not ConvoyStatus.Creating } convoy && convoy.TownId == townId
            ? convoy
            : Result.NotFound("Convoy not found.");

    /// <summary>As <see cref="FindAsync"/>, and still open to change: a landed or closed convoy → 409.</summary>
    public static async Task<Result<Convoy>> FindOpenAsync(IConvoyStore convoys, Guid townId, Guid convoyId, CancellationToken ct)
    {
        var found = await FindAsync(convoys, townId, convoyId, ct);
        return found.IsSuccess && found.Value.IsFinished
            ? Result.Conflict($"The convoy is {found.Value.Status.ToString().ToLowerInvariant()}.")
            : found;
    }
}
