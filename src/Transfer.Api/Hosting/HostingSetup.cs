namespace Transfer.Api.Hosting;

/// <summary>
/// The ground floor every room stands on, and which names none of them: the event store and messaging, the JSON
/// dialect, problem details for every refusal, request limits, the OpenAPI document, health routes, telemetry and
/// the clock. A room adds its own parts from its own folder (its Configuration.cs).
/// </summary>
public static class HostingSetup
{
    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder, IReadOnlyList<(string Name, string Description)> apiSections)
    {
        var services = builder.Services;
        services.AddEventStore(builder.Configuration);
        builder.AddMessaging();
        services.AddWolverineHttp();

        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options =>
        {
            TransferJson.Configure(options.SerializerOptions);
            // A key twice in a request: which one the client meant is not ours to guess (the default takes the last).
            options.SerializerOptions.AllowDuplicateProperties = false;
        });
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemShape.Customize);
        // Wolverine logs a body it cannot read as an error, with its stack trace, under the request type's name.
        // It is the client's mistake, answered with a 400: ProblemShape logs it at information instead.
        builder.Logging.AddFilter((category, level) =>
            level < LogLevel.Error || category is null || !(category.StartsWith("Transfer.Api.", StringComparison.Ordinal) && category.EndsWith("Request", StringComparison.Ordinal)));
        // Wolverine serves the HTTP endpoints; a room without message handlers is not a warning.
        builder.Logging.AddFilter("Wolverine.Configuration.HandlerDiscovery", LogLevel.Error);
        services.AddExceptionHandler<ClientErrorExceptionHandler>();
        services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        services.AddRequestLimits();
        services.AddOpenApiDocument(apiSections);
        services.AddTransferTelemetry(builder.Configuration);
        services.AddHealthChecks();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.Bytes;
            // Header bytes past ASCII reach the API as Latin-1 characters rather than a bare 400 from Kestrel,
            // so a bad Idempotency-Key is answered with a problem that names it.
            kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
        });

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<HelsinkiClock>();
        return builder;
    }

    /// <summary>What every request passes first: security headers, problem details for what fails, body limits, JSON that says it is JSON, the dashboard's files.</summary>
    public static WebApplication UseHosting(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestBodyLimit();
        app.UseJsonContentType();
        // The chairs' dashboard: static files at /, which read the same status routes as any client.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }
}
