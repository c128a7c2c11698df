using Gastown.Application.Agents;
using Gastown.Application.Beads;
using Gastown.Application.Dispatch;

namespace Gastown.Application.Towns.SendMessage;

/// <summary>The user talks to the town's mayor. Answers at once (202); the HQ alarm delivers the message.</summary>
/// <param name="RequestId">An idempotency key (the <c>Idempotency-Key</c> header): a retry with it answers the first response.</param>
public sealed record SendMessageCommand(Guid TownId, string Message, string? Model, string? RequestId = null)
    : ICommand<Result<MessageSent>>, ITownRequest, IIdempotentRequest
{
    public const int MaxMessageLength = 32_000;
}

/// <summary>The stored message bead and the mayor it is assigned to.</summary>
public sealed record MessageSent(BeadResponse Bead, AgentResponse Agent);

/// <summary>
/// On first use makes the town's HQ store and its mayor (one per town). Then, in one transaction: a message bead
/// assigned to the mayor and the HQ alarm due now.
/// </summary>
internal sealed class SendMessageHandler(
    ITownDirectory directory, ILedgerStores ledgers, ICurrentActor current, TimeProvider clock)
    : ICommandHandler<SendMessageCommand, Result<MessageSent>>
{
    private const int TitleLength = 80;

    public async ValueTask<Result<MessageSent>> Handle(SendMessageCommand command, CancellationToken cancellationToken)
    {
        var town = await directory.GetTownAsync(command.TownId, cancellationToken);
        if (town is null) return Result.NotFound("Town not found.");
        if (!ledgers.Exists(town.Id))
        {
            var created = await ledgers.CreateAsync(
                new LedgerIdentity(town.Id, LedgerKind.TownHq, town.Id, town.OwnerUserId, town.Name, null, null), cancellationToken);
            if (!created.IsSuccess) return created;
        }

        var now = clock.GetUtcNow();
        await using var ledger = await ledgers.OpenAsync(town.Id, LedgerAccess.Write, cancellationToken);
        var mayor = await ledger.Agents.FindByRoleAsync(AgentRole.Mayor, cancellationToken);
        if (mayor is null)
        {
            mayor = Agent.NewMayor(town.Name, now);
            // "mayor" is never a polecat name, so this claim only fails if a mayor was registered and then lost.
            await directory.TryRegisterAgentAsync(new AgentRegistration(mayor.Id, town.Id, town.Id, mayor.Name), cancellationToken);
            await ledger.Agents.InsertAsync(mayor, cancellationToken);
        }

        var firstLine = command.Message.Split('\n', 2)[0].Trim();
        var metadata = new Dictionary<string, string>
        {
            ["model"] = command.Model ?? Slinger.DefaultModel,
            ["from"] = current.Actor.UserId!.Value.ToString(),
        };
        var message = Bead.Create(BeadType.Message, firstLine.Length > TitleLength ? firstLine[..TitleLength] : firstLine, command.Message, now,
            metadata: metadata, agentId: mayor.Id);
        var bead = await ledger.InsertAsync(message.Then(created => created.AddressTo(mayor.Id, now)), cancellationToken);
        await ledger.Alarm.ArmAsync(now, cancellationToken);
        await ledger.CommitAsync(cancellationToken);
        return new MessageSent(BeadResponse.From(bead), AgentResponse.From(mayor));
    }
}
