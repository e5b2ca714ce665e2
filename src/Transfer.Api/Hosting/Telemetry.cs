using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Transfer.Api.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics from ASP.NET Core, Npgsql, Marten and Wolverine (their own
/// ActivitySource and Meter names), exported by OTLP when an endpoint is configured with the standard
/// OTEL_EXPORTER_OTLP_ENDPOINT (and OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_SERVICE_NAME...), and not collected
/// at all otherwise.
/// </summary>
public static class Telemetry
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "transfer-api";

    /// <summary>The sources Marten and Wolverine trace and measure under.</summary>
    private static readonly string[] Libraries = ["Marten", "Wolverine"];

    public static IServiceCollection AddTransferTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[EndpointSetting])) return services;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddNpgsql().AddSource(Libraries).AddOtlpExporter())
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddNpgsqlInstrumentation().AddMeter(Libraries).AddOtlpExporter());
        return services;
    }
}
