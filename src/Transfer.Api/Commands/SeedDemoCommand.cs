using JasperFx.CommandLine;
using Transfer.Api.Demo;

namespace Transfer.Api.Commands;

public sealed class SeedDemoInput : NetCoreInput
{
    [Description("Load the demo data only if the event store holds no events at all (what scripts/run.sh does)")]
    [FlagAlias("if-empty", 'i')]
    public bool IfEmptyFlag { get; set; }
}

[Description("Loads the Pirkanmaa demo data set (25 organisations, the working-group tree, 68 workstreams and their 2021-2022 history) into the configured database; safe to run twice", Name = "seed-demo")]
public sealed class SeedDemoCommand : JasperFxAsyncCommand<SeedDemoInput>
{
    public override async Task<bool> Execute(SeedDemoInput input)
    {
        using var host = input.BuildHost();
        var seeder = ActivatorUtilities.CreateInstance<DemoSeeder>(host.Services);
        var report = await seeder.Seed(input.IfEmptyFlag, CancellationToken.None);

        Console.WriteLine(report.SkippedBecauseNotEmpty
            ? "The event store already holds events; the demo data set was not loaded (run seed-demo without --if-empty to add what is missing)."
            : $"Demo data set loaded: {report.Organisations} organisations, {report.WorkingGroups} working groups, {report.Workstreams} workstreams, {report.Events} events added.");
        return true;
    }
}
