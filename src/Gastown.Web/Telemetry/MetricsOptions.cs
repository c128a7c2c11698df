namespace Gastown.Web.Telemetry;

/// <summary><c>Gastown:Metrics</c>: who may scrape <c>/metrics</c>, and where OTLP goes (if anywhere).</summary>
public sealed class MetricsOptions
{
    public const string Section = "Gastown:Metrics";

    /// <summary>A scrape needs <c>Authorization: Bearer &lt;token&gt;</c> with this value. Never logged.</summary>
    public string? ScrapeToken { get; set; }

    /// <summary>Anyone who reaches the port may scrape (a private network's Prometheus). Off by default.</summary>
    public bool AllowAnonymous { get; set; }

    public OtlpOptions Otlp { get; set; } = new();

    public sealed class OtlpOptions
    {
        /// <summary>The collector (gRPC, e.g. http://collector:4317). Else the standard OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
        public string? Endpoint { get; set; }
    }
}
