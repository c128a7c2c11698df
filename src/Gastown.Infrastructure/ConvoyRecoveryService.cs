using Gastown.Application.Common.Security;
using Gastown.Application.Convoys.RecoverConvoys;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gastown.Infrastructure;

/// <summary>
/// Sends <see cref="RecoverConvoysCommand"/> as the system at start-up and every <see cref="Interval"/>: a convoy creation or
/// start a crash interrupted is finished or rolled back (decision 0025).
/// </summary>
internal sealed partial class ConvoyRecoveryService(IServiceScopeFactory scopes, ILogger<ConvoyRecoveryService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System);
                var recovered = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RecoverConvoysCommand(), stoppingToken);
                if (recovered is { IsSuccess: true, Value: > 0 }) LogRecovered(recovered.Value);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered {Count} convoys a restart left half created or started")]
    private partial void LogRecovered(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Convoy recovery failed; trying again in a minute")]
    private partial void LogFailed(Exception exception);
}
