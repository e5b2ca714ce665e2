namespace Transfer.Api.Alerting;

/// <summary>
/// Where webhooks may go and how hard to try (configuration section Webhooks): everywhere but Development only to the hosts of
/// <see cref="AllowedHosts"/> ("host" on its scheme's own port, or "host:port"); <see cref="Retries"/> the seconds between attempts (by default 2, 5, 120, 900,
/// 3600 and 21600), the first two inline (both starting within 30 s of the first attempt, even after two time-outs), the rest
/// scheduled through the durable inbox, after which the delivery is dead-lettered for the PMO to see and retry.
/// </summary>
public sealed class WebhookSettings
{
    public const string Section = "Webhooks";

    public string[] AllowedHosts { get; set; } = [];
    /// <summary>Null unless configured: the configuration binder adds configured items to an array's initial ones, never replaces them.</summary>
    public double[]? Retries { get; set; }

    public static readonly double[] DefaultRetries = [2, 5, 120, 900, 3600, 21600];

    public IReadOnlyList<TimeSpan> RetryDelays => (Retries is { Length: > 0 } configured ? configured : DefaultRetries).Select(TimeSpan.FromSeconds).ToList();

    /// <summary>A receiver gets this long to answer; a slow one holds up only its own delivery.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    public static WebhookSettings From(IConfiguration configuration) => configuration.GetSection(Section).Get<WebhookSettings>() ?? new WebhookSettings();
}
