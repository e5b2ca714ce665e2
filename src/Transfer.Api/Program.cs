using JasperFx;
using Transfer.Api;
using Transfer.Api.Alerting;
using Transfer.Api.Boards;
using Transfer.Api.Commands;
using Transfer.Api.Counties;
using Transfer.Api.Evidence;
using Transfer.Api.History;
using Transfer.Api.Importing;
using Transfer.Api.Security;
using Transfer.Api.Verification;
using Transfer.Api.Writing;

// The table of contents: each capability registers its own services, store documents, subscriptions and messages
// from its own folder. The routes of every room (Organisations/, WorkingGroups/, Workstreams/ and the rest) are
// found by Wolverine in the code generated ahead of time.
args = CommandLineOutput.WithHelpFlagAsHelpCommand(args);
// Rooted at the assembly's folder, where the dashboard and settings are copied, whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
CommandLineOutput.Configure(builder, args);
if (RequiredSettings.Missing(builder.Configuration, builder.Environment, args) is { } missing)
{
    Console.Error.WriteLine(missing);
    return RequiredSettings.ExitCode;
}

builder.AddHosting(ApiTags.All);
builder.Services
    .AddSecurity(builder.Configuration, builder.Environment)
    .AddCounties()
    .AddWriting()
    .AddImporting()
    .AddBoards()
    .AddHistory()
    .AddVerification()
    .AddEvidence()
    .AddAlerting();

var app = builder.Build();
app.UseHosting();
app.UseSecurity();
app.UseCounties();
app.UseRateLimiter();

app.MapHealthRoutes();
app.MapOpenApiDocument();
// A command that needs no database (a token, a probe of a running API, help) maps no routes: Wolverine
// builds each route's handler as it maps it, and with it the event store, which needs a connection string.
if (RequiredSettings.NeedsDatabase(args))
    app.MapWolverineEndpoints(options => options.DetectCounty());

return await app.RunJasperFxCommands(args);

public partial class Program;
