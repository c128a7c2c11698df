namespace Gastown.Application.Towns.UpdateTown;

/// <summary>Renames a town; the name stays unique among the owner's towns.</summary>
public sealed record UpdateTownCommand(Guid TownId, string Name) : ICommand<Result<TownResponse>>, ITownRequest;

internal sealed class UpdateTownHandler(ITownDirectory directory, ITownManagement management, TimeProvider clock)
    : ICommandHandler<UpdateTownCommand, Result<TownResponse>>
{
    public async ValueTask<Result<TownResponse>> Handle(UpdateTownCommand command, CancellationToken cancellationToken)
    {
        if (await directory.GetTownAsync(command.TownId, cancellationToken) is null) return Result.NotFound("Town not found.");
        if (!await management.TryUpdateTownAsync(command.TownId, command.Name, clock.GetUtcNow(), cancellationToken))
            return Result.Conflict($"You already have a town named '{command.Name}'.");
        var town = await directory.GetTownAsync(command.TownId, cancellationToken);
        return town is null ? Result.NotFound("Town not found.") : TownResponse.From(town);
    }
}
