using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Alarms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Gastown.Infrastructure.Tests.Alarms;

/// <summary>
/// A commit that lands while the server stops (a tick finishing, an agent's last call) arms its store's alarm on a
/// scheduler that is shutting down: that must end quietly, since the due time is in the store and the next start
/// re-arms from it.
/// </summary>
public sealed class ShutdownRaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Arming_while_the_host_stops_ends_quietly()
    {
        // A real host with Quartz as the server runs it (hosted service, waits for jobs).
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddQuartz(quartz => quartz.UseInMemoryStore());
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        builder.Services.AddSingleton<IAlarmScheduler, QuartzAlarmScheduler>();
        using var host = builder.Build();
        await host.StartAsync(Ct);
        var alarms = host.Services.GetRequiredService<IAlarmScheduler>();
        var armedBefore = Guid.NewGuid();
        await alarms.ArmAsync(armedBefore, DateTimeOffset.UtcNow.AddHours(1), Ct);
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        (await scheduler.Exists(QuartzAlarmScheduler.JobKeyFor(armedBefore), Ct)).ShouldBeTrue();

        await host.StopAsync(Ct);

        // Both a store never armed before (its job would be added) and one armed before (only a trigger).
        await Should.NotThrowAsync(() => alarms.ArmAsync(Guid.NewGuid(), DateTimeOffset.UtcNow, Ct));
        await Should.NotThrowAsync(() => alarms.ArmAsync(armedBefore, DateTimeOffset.UtcNow, Ct));
    }

    [Fact]
    public async Task Arming_a_scheduler_that_is_gone_while_the_host_runs_is_still_an_error()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddQuartz(quartz => quartz.UseInMemoryStore());
        builder.Services.AddSingleton<IAlarmScheduler, QuartzAlarmScheduler>();
        using var host = builder.Build();
        await host.StartAsync(Ct);
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        await scheduler.Shutdown(waitForJobsToComplete: false, Ct);

        // Not a shutdown race: the failure must show.
        await Should.ThrowAsync<SchedulerException>(() => host.Services.GetRequiredService<IAlarmScheduler>().ArmAsync(Guid.NewGuid(), DateTimeOffset.UtcNow, Ct));
        await host.StopAsync(Ct);
    }
}
