using Spectre.Console;

namespace Transfer.Api.Commands;

public static class CommandLineOutput
{
    /// <summary>Commands whose standard output is their answer, for scripts to capture.</summary>
    private static readonly string[] CommandsPrintingData = ["token", "probe"];

    /// <summary>`token --help` reads as JasperFx's `help token`, which shows the command's usage without calling it invalid.</summary>
    public static string[] WithHelpFlagAsHelpCommand(string[] args) =>
        args.Length > 1 && !args[0].StartsWith('-') && args.Skip(1).Any(arg => arg is "--help" or "-h" or "-?") ? ["help", args[0]] : args;

    /// <summary>
    /// Spectre's console, which JasperFx writes through, loses JasperFx's noise (see below) for the server
    /// and every command. When the arguments name a command rather than running the server (JasperFx's
    /// default "run"), the host's logs go to standard error; for a command whose output is data, JasperFx's
    /// own messages go there too, so standard output carries nothing but the answer.
    /// </summary>
    public static void Configure(WebApplicationBuilder builder, string[] args)
    {
        var command = args.Length == 0 || args[0].StartsWith('-') || args[0] == "run" ? null : args[0];
        var console = command is not null && CommandsPrintingData.Contains(command)
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
            : AnsiConsole.Console;
        AnsiConsole.Console = new WithoutJasperFxNoise(console);
        if (command is not null)
            builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    /// <summary>
    /// JasperFx prints "Searching '&lt;assembly&gt;' for commands" for each of its assemblies, and a blank
    /// line, before every command and every start of the server, with no setting to turn it off (see
    /// CommandFactory.RegisterCommandsFromExtensionAssemblies); this console drops those. And
    /// `projections rebuild` writes its closing line's markup as plain text ("[purple]Finished rebuild in
    /// ... ms[/]", ProjectionController), which this console renders as the markup it is. Everything else
    /// passes through unchanged.
    /// </summary>
    private sealed class WithoutJasperFxNoise(IAnsiConsole inner) : IAnsiConsole
    {
        private bool afterBanner;

        public Profile Profile => inner.Profile;
        public IAnsiConsoleCursor Cursor => inner.Cursor;
        public IAnsiConsoleInput Input => inner.Input;
        public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;
        public Spectre.Console.Rendering.RenderPipeline Pipeline => inner.Pipeline;
        public void Clear(bool home) => inner.Clear(home);
        public void WriteAnsi(Action<AnsiWriter> action) => inner.WriteAnsi(action);

        public void Write(Spectre.Console.Rendering.IRenderable renderable)
        {
            // Only lines of text can be the banner or the markup; tables, rules and the rest pass untouched.
            if (renderable is not (Markup or Text or Paragraph))
            {
                afterBanner = false;
                inner.Write(renderable);
                return;
            }
            var text = string.Concat(renderable.Render(Spectre.Console.Rendering.RenderOptions.Create(inner), inner.Profile.Width)
                .Where(segment => !segment.IsLineBreak).Select(segment => segment.Text));
            if (text.StartsWith("Searching '", StringComparison.Ordinal) && text.TrimEnd().EndsWith("' for commands", StringComparison.Ordinal))
            {
                afterBanner = true;
                return;
            }
            if (afterBanner && string.IsNullOrWhiteSpace(text))
            {
                afterBanner = false;
                return;
            }
            afterBanner = false;
            if (text.StartsWith("[purple]", StringComparison.Ordinal) && text.TrimEnd().EndsWith("[/]", StringComparison.Ordinal))
                inner.Write(new Markup(text.TrimEnd() + "\n"));
            else
                inner.Write(renderable);
        }
    }
}
