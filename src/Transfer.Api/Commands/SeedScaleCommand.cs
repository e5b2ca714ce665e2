using JasperFx.CommandLine;
using Spectre.Console;
using Transfer.Api.Demo;

namespace Transfer.Api.Commands;

public sealed class SeedScaleInput : NetCoreInput
{
    [Description("How many times Pirkanmaa's history to load: 1 is about the demo's 2,500 events, 100 about 250,000")]
    [FlagAlias("factor", 'f')]
    public int FactorFlag { get; set; } = 1;

    [Description("Load into a store that already holds events: only organisations, groups and workstreams not registered yet are added")]
    [FlagAlias("add-missing", longAliasOnly: true)]
    public bool AddMissingFlag { get; set; }
}

[Description("Loads Pirkanmaa with N times its history (the same 68 workstreams, N copies of the demo history behind them) into an empty database, to measure the API as a history grows", Name = "seed-scale")]
public sealed class SeedScaleCommand : JasperFxAsyncCommand<SeedScaleInput>
{
    public override async Task<bool> Execute(SeedScaleInput input)
    {
        if (input.FactorFlag is < 1 or > 1000)
        {
            await Console.Error.WriteLineAsync("--factor must be between 1 and 1000");
            return false;
        }

        using var host = input.BuildHost();
        var seeder = ActivatorUtilities.CreateInstance<ScaleSeeder>(host.Services);
        if (!input.AddMissingFlag && !await seeder.StoreIsEmpty(CancellationToken.None))
        {
            await Console.Error.WriteLineAsync(
                "The event store already holds events, so seed-scale did not load anything: its figures mean something only on a fresh database. " +
                "Point ConnectionStrings__Transfer at an empty database, or add --add-missing to register only the workstreams that are not there yet.");
            return false;
        }

        var data = PirkanmaaData.Load();
        var plan = ScaleSeeder.Plan(data, input.FactorFlag);
        // The bar's end; with --add-missing, what is already there is not added again and the bar jumps to the end.
        var planned = data.Organisations.Count + data.WorkingGroups.Count + plan.Sum(p => p.Facts.Count + 1L);

        ScaleReport? report = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"seed-scale --factor {input.FactorFlag}", maxValue: planned);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                report = await seeder.Seed(input.FactorFlag, plan, stored =>
                {
                    task.Value = stored;
                    task.Description = $"{stored,9:N0} events, {stored / Math.Max(clock.Elapsed.TotalSeconds, 1e-3),7:N0}/s";
                }, CancellationToken.None);
                task.Value = planned;
            });

        Console.WriteLine($"Loaded {input.FactorFlag} × Pirkanmaa's history: {report!.Organisations} organisations, {report.WorkingGroups} working groups, " +
            $"{report.Workstreams} workstreams, {report.Events:N0} events in {report.Elapsed.TotalSeconds:F1} s ({report.EventsPerSecond:N0} events/s).");
        return true;
    }
}
