using Spectre.Console;

namespace Transfer.Api.Commands;

public static class CommandLineOutput
{
    /// <summary>Whether the arguments name a command other than running the server (JasperFx's default "run").</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-') && args[0] != "run";

    /// <summary>
    /// A command's standard output is its answer (`token` prints only the token, for scripts to capture),
    /// so the host's logs and JasperFx's own progress messages, written through Spectre's console, go to
    /// standard error.
    /// </summary>
    public static void SendDiagnosticsToStandardError(WebApplicationBuilder builder)
    {
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    }
}
