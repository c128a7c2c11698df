using Gastown.Application.Dispatch;

namespace Gastown.Application.Convoys.RecoverConvoys;

/// <summary>
/// Finishes convoys a crash left half done (sent by the system at start-up and every minute): a creation older than
/// <see cref="ConvoyTracker.CreationGrace"/> is rolled back; a start not yet released is released. Answers how many.
/// </summary>
public sealed record RecoverConvoysCommand : ICommand<Result<int>>, ISystemRequest;

internal sealed class RecoverConvoysHandler(ConvoyTracker tracker) : ICommandHandler<RecoverConvoysCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(RecoverConvoysCommand command, CancellationToken cancellationToken) =>
        await tracker.RecoverAsync(cancellationToken);
}
