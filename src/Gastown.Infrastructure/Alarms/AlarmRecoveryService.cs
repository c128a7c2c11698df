using Microsoft.Extensions.Hosting;

namespace Gastown.Infrastructure.Alarms;

/// <summary>
/// At start-up, puts back every store's alarm from the due time the store itself recorded, so a restart loses no
/// scheduled work. Runs in the background: the API answers while thousands of stores are read.
/// </summary>
internal sealed class AlarmRecoveryService(
    ITownDirectory directory, ILedgerStores ledgers, IAlarmScheduler alarms, ILogger<AlarmRecoveryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var armed = 0;
        foreach (var storeId in await directory.ListAllStoreIdsAsync(stoppingToken))
        {
            if (!ledgers.Exists(storeId)) continue;
            try
            {
                DateTimeOffset? due;
                await using (var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Read, stoppingToken))
                    due = await ledger.Alarm.GetAsync(stoppingToken);
                if (due is null) continue;
                await alarms.ArmAsync(storeId, due.Value, stoppingToken);
                armed++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Could not restore the alarm of store {StoreId}", storeId);
            }
        }
        logger.LogInformation("Restored {Count} store alarms", armed);
    }
}
