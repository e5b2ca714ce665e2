using JasperFx;
using Transfer.Api.Commands;
using Wolverine;

// Rooted at the assembly's folder, where the dashboard and settings are copied, whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

CommandLineOutput.Configure(builder, args);

builder.Services.AddTransferMarten(builder.Configuration);
builder.Host.UseWolverine();
builder.Services.AddWolverineHttp();

builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options => TransferJson.Configure(options.SerializerOptions));
builder.Services.AddTransferAuthentication(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ClientErrorExceptionHandler>();
builder.Services.AddTransferOpenApi();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.Bytes);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<HelsinkiClock>();
builder.Services.AddSingleton<TokenIssuer>();
builder.Services.AddSingleton<WritePipeline>();
builder.Services.AddSingleton<Transfer.Api.Audit.AuditLog>();
builder.Services.AddSingleton<Transfer.Api.Audit.AuditVerifier>();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimit();
// The chairs' dashboard: static files at /, which read the same status routes as any client.
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/health").AllowAnonymous();
app.MapTransferOpenApi();
app.MapWolverineEndpoints();

return await app.RunJasperFxCommands(args);

public partial class Program;
