using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Domain.Convoys;

namespace Gastown.Application.Convoys;

/// <summary>A convoy of the request's town (the town's ownership is the authorizer's): another town's answers 404 like a missing one.</summary>
internal static class ConvoyAccess
{
    public static async Task<Result<Convoy>> FindAsync(IConvoyStore convoys, Guid townId, Guid convoyId, CancellationToken ct) =>
        await convoys.GetAsync(convoyId, ct) is { Status: not ConvoyStatus.Creating } convoy && convoy.TownId == townId
            ? convoy
            : Result.NotFound("Convoy not found.");
}
