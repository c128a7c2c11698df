using System.Threading.Channels;
using Gastown.Application.Common.Security;
using Gastown.Application.Deletions.FinishDeletion;
using Gastown.Application.Reviews.CleanUpBranches;
using Gastown.Application.Rigs.CheckRigHealth;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gastown.Infrastructure;

/// <summary>
/// Runs what the management procedures hand off: deletions one at a time (and, at start-up, every deletion a restart
/// interrupted), rig reachability checks side by side (each bounded by the probe's timeout), and the branch hygiene of
/// rigs whose beads closed (at start-up, of every rig). Each item is sent as a system command; a deletion that fails,
/// or a clean-up with branches deferred or failed, is tried again after <see cref="RetryDelay"/> (a clean-up at most
/// <see cref="CleanUpRetries"/> times; the next start-up sweeps again).
/// </summary>
internal sealed partial class ManagementWorker(IServiceScopeFactory scopes, ILogger<ManagementWorker> logger)
    : BackgroundService, IManagementQueue
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly Channel<Guid> _deletions = Channel.CreateUnbounded<Guid>();
    private readonly Channel<Guid> _healthChecks = Channel.CreateUnbounded<Guid>();
    private readonly Channel<(Guid RigId, int Attempt)> _cleanUps = Channel.CreateUnbounded<(Guid, int)>();

    private const int CleanUpRetries = 24;

    public void DeletionPending(Guid storeId) => _deletions.Writer.TryWrite(storeId);

    public void CheckRigHealth(Guid rigId) => _healthChecks.Writer.TryWrite(rigId);

    public void CleanUpBranches(Guid rigId) => _cleanUps.Writer.TryWrite((rigId, 0));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            foreach (var deletion in await scope.ServiceProvider.GetRequiredService<ITownManagement>().ListPendingDeletionsAsync(stoppingToken))
                DeletionPending(deletion.StoreId);
            // A check a restart interrupted would leave its rig "checking" for good: run it again.
            var directory = scope.ServiceProvider.GetRequiredService<ITownDirectory>();
            foreach (var storeId in await directory.ListAllStoreIdsAsync(stoppingToken))
            {
                var rig = await directory.GetRigAsync(storeId, stoppingToken);
                if (rig is { Health.Status: Domain.Rigs.RigHealthStatus.Checking }) CheckRigHealth(rig.Id);
                // A clean-up a restart interrupted (or never got to) is done now.
                if (rig is not null) CleanUpBranches(rig.Id);
            }
        }
        await Task.WhenAll(RunDeletionsAsync(stoppingToken), RunHealthChecksAsync(stoppingToken), RunCleanUpsAsync(stoppingToken));
    }

    private async Task RunDeletionsAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var storeId in _deletions.Reader.ReadAllAsync(ct))
            {
                try
                {
                    var result = await SendAsync(new FinishDeletionCommand(storeId), ct);
                    if (result.IsSuccess) LogDeleted(storeId);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogDeletionFailed(e, storeId);
                    _ = RetryLaterAsync(storeId, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: an unfinished deletion is still recorded and resumes at the next start.
        }
    }

    private async Task RetryLaterAsync(Guid storeId, CancellationToken ct)
    {
        try
        {
            await Task.Delay(RetryDelay, ct);
            DeletionPending(storeId);
        }
        catch (OperationCanceledException)
        {
            // Resumed at the next start instead.
        }
    }

    private async Task RunHealthChecksAsync(CancellationToken ct)
    {
        var running = new List<Task>();
        try
        {
            await foreach (var rigId in _healthChecks.Reader.ReadAllAsync(ct))
            {
                running.RemoveAll(task => task.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await SendAsync(new CheckRigHealthCommand(rigId), ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        LogHealthCheckFailed(e, rigId);
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
        await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task RunCleanUpsAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var (rigId, attempt) in _cleanUps.Reader.ReadAllAsync(ct))
            {
                var again = false;
                try
                {
                    var result = await SendAsync(new CleanUpBranchesCommand(rigId), ct);
                    if (result is { IsSuccess: true, Value: var done })
                    {
                        if (done.Deleted > 0) LogBranchesDeleted(done.Deleted, rigId);
                        again = done.Deferred > 0 || done.Failed > 0;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogCleanUpFailed(e, rigId);
                    again = true;
                }
                if (again && attempt < CleanUpRetries) _ = CleanUpLaterAsync(rigId, attempt + 1, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the next start-up sweeps every rig.
        }
    }

    private async Task CleanUpLaterAsync(Guid rigId, int attempt, CancellationToken ct)
    {
        try
        {
            await Task.Delay(RetryDelay, ct);
            _cleanUps.Writer.TryWrite((rigId, attempt));
        }
        catch (OperationCanceledException)
        {
            // Swept again at the next start.
        }
    }

    private async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {StoreId} deleted: agents stopped, workspace and ledger removed")]
    private partial void LogDeleted(Guid storeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting store {StoreId} failed; trying again shortly")]
    private partial void LogDeletionFailed(Exception exception, Guid storeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} kept branch(es) of rig {RigId} deleted: their beads are closed or cancelled")]
    private partial void LogBranchesDeleted(int count, Guid rigId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleaning up the kept branches of rig {RigId} failed; trying again shortly")]
    private partial void LogCleanUpFailed(Exception exception, Guid rigId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check of rig {RigId} failed")]
    private partial void LogHealthCheckFailed(Exception exception, Guid rigId);
}
