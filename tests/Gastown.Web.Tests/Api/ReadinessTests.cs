using System.Net;
using System.Text.Json;
using Gastown.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Gastown.Web.Tests.Api;

/// <summary>/health/ready: 200 while storage, scheduler and container work; 503 naming the component that does not.</summary>
public sealed class ReadinessTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(GastownApp app)
    {
        using var response = await app.CreateAnonymousClient().GetAsync("/health/ready", Json.Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Json.Ct)).RootElement.Clone());
    }

    [Fact]
    public async Task Ready_when_every_component_is_ok_and_503_naming_a_stopped_scheduler()
    {
        await using var app = new GastownApp();
        var (status, body) = await ReadyAsync(app);
        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("status").GetString().ShouldBe("ready");
        foreach (var component in new[] { "storage", "scheduler", "container" })
            body.GetProperty(component).GetProperty("status").GetString().ShouldBe("ok");

        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Json.Ct);
        await scheduler.Standby(Json.Ct);
        try
        {
            (status, body) = await ReadyAsync(app);
            status.ShouldBe(HttpStatusCode.ServiceUnavailable);
            body.GetProperty("status").GetString().ShouldBe("not_ready");
            body.GetProperty("scheduler").GetProperty("status").GetString().ShouldBe("failing");
            body.GetProperty("scheduler").GetProperty("reason").GetString().ShouldBe("the scheduler is not started");
            body.GetProperty("storage").GetProperty("status").GetString().ShouldBe("ok");
        }
        finally
        {
            await scheduler.Start(Json.Ct);
        }
        (await ReadyAsync(app)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Liveness_stays_a_constant_answer()
    {
        await using var app = new GastownApp();
        using var response = await app.CreateAnonymousClient().GetAsync("/health", Json.Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        // Always 200 with status ok; it also names the node, its storage and the scheduler's state (decision 0016).
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Json.Ct));
        body.RootElement.GetProperty("status").GetString().ShouldBe("ok");
        body.RootElement.GetProperty("node").GetString().ShouldStartWith("node-");
        body.RootElement.GetProperty("storage").GetString().ShouldBe("sqlite");
    }
}

/// <summary>With Gastown:Storage:Provider=postgres the storage check asks the shared database.</summary>
public sealed class PostgresReadinessTests(Gastown.Testing.PostgresFixture postgres)
{
    [Fact]
    public async Task Ready_on_postgres_and_503_naming_the_storage_once_the_database_is_gone()
    {
        await using var app = new GastownApp(storage: Gastown.Testing.TestStorage.Postgres(postgres));
        using var client = app.CreateAnonymousClient();
        using (var ready = await client.GetAsync("/health/ready", Json.Ct))
        {
            ready.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Json.Ct)).RootElement;
            body.GetProperty("storage").GetProperty("status").GetString().ShouldBe("ok");
        }

        await postgres.DropDatabaseAsync(app.Services.GetRequiredService<Gastown.Infrastructure.Persistence.StorageOptions>().ConnectionString!);

        using var gone = await client.GetAsync("/health/ready", Json.Ct);
        gone.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var failing = JsonDocument.Parse(await gone.Content.ReadAsStringAsync(Json.Ct)).RootElement.GetProperty("storage");
        failing.GetProperty("status").GetString().ShouldBe("failing");
        failing.GetProperty("reason").GetString()!.ShouldNotContain("Password");
    }
}
