using Spectre.Console;

namespace Transfer.Api.Commands;

public static class CommandLineOutput
{
    /// <summary>Commands whose standard output is their answer, for scripts to capture.</summary>
    private static readonly string[] CommandsPrintingData = ["token", "probe"];

    /// <summary>
    /// When the arguments name a command rather than running the server (JasperFx's default "run"), the
    /// host's logs go to standard error; for a command whose output is data, JasperFx's own messages
    /// (written through Spectre's console) go there too, so standard output carries nothing but the answer.
    /// </summary>
    public static void Configure(WebApplicationBuilder builder, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-') || args[0] == "run") return;

        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        if (CommandsPrintingData.Contains(args[0]))
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    }
}
