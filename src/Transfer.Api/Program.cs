using JasperFx;
using Transfer.Api.Commands;

args = CommandLineOutput.WithHelpFlagAsHelpCommand(args);
// Rooted at the assembly's folder, where the dashboard and settings are copied, whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

CommandLineOutput.Configure(builder, args);
if (RequiredSettings.Missing(builder.Configuration, args) is { } missing)
{
    Console.Error.WriteLine(missing);
    return RequiredSettings.ExitCode;
}

builder.Services.AddTransferMarten(builder.Configuration);
builder.AddTransferWolverine();
builder.Services.AddWolverineHttp();

builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options => TransferJson.Configure(options.SerializerOptions));
builder.Services.AddTransferAuthentication(builder.Configuration);
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemShape.Customize);
// Wolverine logs a body it cannot read as an error, with its stack trace, under the request type's name.
// It is the client's mistake, answered with a 400: ProblemShape logs it at information instead.
builder.Logging.AddFilter((category, level) =>
    level < LogLevel.Error || category is null || !(category.StartsWith("Transfer.Api.", StringComparison.Ordinal) && category.EndsWith("Request", StringComparison.Ordinal)));
// The API has no message handlers of its own (Wolverine serves its HTTP endpoints): not a warning.
builder.Logging.AddFilter("Wolverine.Configuration.HandlerDiscovery", LogLevel.Error);
builder.Services.AddExceptionHandler<ClientErrorExceptionHandler>();
builder.Services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
builder.Services.AddTransferRequestLimits();
builder.Services.AddTransferOpenApi();
builder.Services.AddTransferTelemetry(builder.Configuration);
builder.Services.AddHealthChecks()
    .AddCheck<DatabaseHealthCheck>("database", tags: [HealthRoutes.Ready])
    .AddCheck<Transfer.Api.Audit.AuditChainHealthCheck>("audit-chain", tags: [HealthRoutes.Ready]);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.Bytes;
    // Header bytes past ASCII reach the API as Latin-1 characters rather than a bare 400 from Kestrel,
    // so a bad Idempotency-Key is answered with a problem that names it.
    kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
});

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<HelsinkiClock>();
builder.Services.AddSingleton<TokenIssuer>();
builder.Services.AddSingleton<Transfer.Api.Counties.CountyStores>();
builder.Services.AddSingleton<Writes>();
builder.Services.AddSingleton<Transfer.Api.Imports.Importer>();
builder.Services.AddSingleton<Transfer.Api.Boards.BoardChanges>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<Transfer.Api.Boards.BoardChanges>());
builder.Services.AddSingleton<Transfer.Api.Audit.AuditLog>();
builder.Services.AddSingleton<Transfer.Api.Audit.AuditVerifier>();
builder.Services.AddSingleton(provider => Transfer.Api.Audit.Evidence.CheckpointSettings.From(provider.GetRequiredService<IConfiguration>()));
builder.Services.AddSingleton<Transfer.Api.Audit.Evidence.CheckpointSigner>();
builder.Services.AddSingleton<Transfer.Api.Audit.Evidence.AuditTree>();
builder.Services.AddSingleton<Transfer.Api.Audit.Evidence.Checkpoints>();
builder.Services.AddSingleton<Transfer.Api.Audit.Evidence.EvidenceBundle>();
builder.Services.AddSingleton<Transfer.Api.Audit.Evidence.CheckpointSchedule>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<Transfer.Api.Audit.Evidence.CheckpointSchedule>());
builder.Services.AddSingleton<Transfer.Api.Subscriptions.SubscriptionWatcher>();
builder.Services.AddSingleton<Transfer.Api.Subscriptions.MorningSchedule>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<Transfer.Api.Subscriptions.MorningSchedule>());
// A webhook receiver gets a bounded time and no redirects: a delivery goes where the subscription says, and no further.
builder.Services.AddHttpClient(Transfer.Api.Subscriptions.WebhookDelivery.HttpClientName, (provider, client) =>
        client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<Transfer.Api.Subscriptions.WebhookSettings>().TimeoutSeconds))
    .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, MaxResponseDrainSize = 64 * 1024 });

var app = builder.Build();

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimit();
// The chairs' dashboard: static files at /, which read the same status routes as any client.
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseCountyResolution();
app.UseRateLimiter();

app.MapHealthRoutes();
app.MapTransferOpenApi();
// A command that needs no database (a token, a probe of a running API, help) maps no routes: Wolverine
// builds each route's handler as it maps it, and with it the event store, which needs a connection string.
if (RequiredSettings.NeedsDatabase(args))
    app.MapWolverineEndpoints(options => options.TenantId.DetectWith(new CountyResolution.TenantDetection()));

return await app.RunJasperFxCommands(args);

public partial class Program;
