using System.Security.Cryptography;
using System.Text;
using Gastown.Application.Common.Telemetry;
using Gastown.Infrastructure.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gastown.Web.Telemetry;

/// <summary>
/// OpenTelemetry for the meter and activity source "Gastown": metrics always (Prometheus scrape at /metrics, guarded
/// by a token), OTLP metrics and traces only when a collector is configured (else no span is even recorded).
/// </summary>
public static class GastownTelemetry
{
    public const string ScrapePath = "/metrics";

    public static IServiceCollection AddGastownTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section));
        var gastownEndpoint = configuration["Gastown:Metrics:Otlp:Endpoint"];
        var otlp = !string.IsNullOrWhiteSpace(gastownEndpoint) || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        void Exporter(OtlpExporterOptions options)
        {
            // Our own key wins; without it the exporter reads the standard OTEL_EXPORTER_OTLP_* variables itself.
            if (!string.IsNullOrWhiteSpace(gastownEndpoint)) options.Endpoint = new Uri(gastownEndpoint);
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("gastown"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(GastownMetrics.MeterName).AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter(Exporter);
            });
        if (otlp)
            telemetry.WithTracing(tracing => tracing.AddSource(GastownTracing.SourceName).AddOtlpExporter(Exporter));
        return services;
    }

    /// <summary>
    /// /metrics answers only a bearer equal to the scrape token, or anyone when AllowAnonymous is set; else 401 (no
    /// token configured and no anonymous access: nobody may scrape, which is the default).
    /// </summary>
    public static WebApplication MapGastownMetrics(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.Equals(ScrapePath, StringComparison.OrdinalIgnoreCase), branch =>
            branch.Use(async (context, next) =>
            {
                var options = context.RequestServices.GetRequiredService<IOptionsMonitor<MetricsOptions>>().CurrentValue;
                if (options.AllowAnonymous || HasScrapeToken(context.Request, options.ScrapeToken))
                {
                    await next(context);
                    return;
                }
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                    detail: "Scraping /metrics needs the bearer token set in Gastown:Metrics:ScrapeToken.").ExecuteAsync(context);
            }));
        app.MapPrometheusScrapingEndpoint(ScrapePath).AllowAnonymous();
        return app;
    }

    private static bool HasScrapeToken(HttpRequest request, string? expected)
    {
        if (string.IsNullOrEmpty(expected)) return false;
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        // Fixed-time comparison of hashes: neither the length nor a prefix of the token leaks through timing.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header[prefix.Length..].Trim())),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
