using System.Text.Json.Serialization;
using Gastown.Application;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Infrastructure;
using Gastown.Infrastructure.Container;
using Gastown.Web.Cluster;
using Gastown.Web.Mcp;
using Gastown.Web.Streams;
using Gastown.Web.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Gastown.Web;

/// <summary>How the web host is put together: services here, the request pipeline in <see cref="UseGastown"/>.</summary>
public static class WebServices
{
    public static IServiceCollection AddGastownWeb(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddApplication();
        services.AddInfrastructure(configuration);
        services.PostConfigure<GastownOptions>(options =>
        {
            // Local repositories only where the operator opted in, or on a developer's machine by default.
            if (configuration["Gastown:Git:AllowLocalRepositories"] is null)
                options.Git.AllowLocalRepositories = environment.IsDevelopment();
            // Git hosts on loopback or private networks likewise (S2).
            if (configuration["Gastown:Git:AllowPrivateNetworks"] is null)
                options.Git.AllowPrivateNetworks = environment.IsDevelopment();
        });
        services.AddSingleton<KestrelAddresses>();
        services.AddSingleton<IAgentApiAddress>(provider => provider.GetRequiredService<KestrelAddresses>());
        services.AddSingleton<IPublicAddress>(provider => provider.GetRequiredService<KestrelAddresses>());
        services.PostConfigure<ContainerOptions>(container =>
        {
            // The built-in demo agent is this same program, started with "demo-agent".
            if (container.DemoAgentCommand.Length == 0)
                container.DemoAgentCommand = [DotnetHost.Path, typeof(Program).Assembly.Location, "demo-agent"];
        });

        services.AddControllers(options => options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true)
            .AddJsonOptions(options => ConfigureJson(options.JsonSerializerOptions));
        services.AddSingleton<IConfigureOptions<MvcOptions>, Http.TextSafeJsonInputFormatter.Setup>();
        services.ConfigureHttpJsonOptions(options => ConfigureJson(options.SerializerOptions));
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier);
        services.AddOpenApi(OpenApi.GastownOpenApi.Configure);
        services.AddGastownMcp();
        services.AddGastownTelemetry(configuration);

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, UserTokenAuthenticationHandler>(AuthenticationPlanes.UserScheme, null)
            .AddScheme<AuthenticationSchemeOptions, AgentTokenAuthenticationHandler>(AuthenticationPlanes.AgentScheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthenticationPlanes.UserPolicy, policy => policy
                .AddAuthenticationSchemes(AuthenticationPlanes.UserScheme).RequireAuthenticatedUser())
            .AddPolicy(AuthenticationPlanes.AgentPolicy, policy => policy
                .AddAuthenticationSchemes(AuthenticationPlanes.AgentScheme).RequireAuthenticatedUser())
            // Default deny: an endpoint that names no policy still needs a dashboard user.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(AuthenticationPlanes.UserScheme).RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>camelCase names, and enums as their lowercase words (in_progress, merge_request), never numbers.</summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    public static WebApplication UseGastown(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDotSegmentGuard();
        // The dashboard (wwwroot): plain files, served before authentication so the default-deny fallback policy
        // never sees them; everything under /api still needs a token.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseMcpInputGuard();
        app.UseAuthorization();
        // The mediator's behaviours see who is asking through ICurrentActor, set here once per request.
        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<ActorContext>().Set(AuthenticationPlanes.ActorOf(context.User));
            return next(context);
        });

        app.MapOpenApi().AllowAnonymous();
        // The API reference page (Scalar), rendered from /openapi/v1.json; its script is served by this server.
        app.MapScalarApiReference("/api-reference", options => options.WithTitle("Gastown API")).AllowAnonymous();
        app.MapGet("/health", async (Infrastructure.Cluster.NodeHealth node, Infrastructure.Sandbox.ISandbox sandbox, CancellationToken ct) =>
            TypedResults.Ok(new Http.HealthResponse("ok", node.NodeId, node.Storage, node.Database, await node.SchedulerAsync(ct),
                Infrastructure.Sandbox.Sandboxes.Name(sandbox.Mode)))).AllowAnonymous();
        app.MapGet("/health/ready", async (Infrastructure.Health.ReadinessProbe probe, CancellationToken ct) =>
        {
            var report = await probe.CheckAsync(ct);
            return TypedResults.Json(report, statusCode: report.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous().ExcludeFromDescription(); // for load balancers and orchestrators, like /metrics: not the API
        app.MapGastownMetrics();
        app.UseWebSockets();
        app.MapControllers();
        app.MapAgentStream();
        app.MapInternalApi();
        app.MapGastownMcp();
        return app;
    }
}
