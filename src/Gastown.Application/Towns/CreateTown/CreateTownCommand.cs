using Gastown.Domain.Towns;

namespace Gastown.Application.Towns.CreateTown;

public sealed record CreateTownCommand(string Name) : ICommand<Result<TownResponse>>, IUserRequest;

internal sealed class CreateTownHandler(ITownDirectory directory, ICurrentActor current, TimeProvider clock)
    : ICommandHandler<CreateTownCommand, Result<TownResponse>>
{
    public async ValueTask<Result<TownResponse>> Handle(CreateTownCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var town = new Town(Guid.NewGuid(), command.Name, current.Actor.UserId!.Value, now, now);
        return await directory.TryAddTownAsync(town, cancellationToken)
            ? Result.Created(TownResponse.From(town))
            : Result.Conflict($"You already have a town named '{command.Name}'.");
    }
}
