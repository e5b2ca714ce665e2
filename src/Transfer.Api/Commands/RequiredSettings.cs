namespace Transfer.Api.Commands;

/// <summary>
/// Checks, before anything starts, the settings the command about to run cannot do without, so that a
/// missing one is a single line naming it (and exit code 2) rather than a host that fails to start with
/// a stack trace.
/// </summary>
public static class RequiredSettings
{
    public const int ExitCode = 2;

    /// <summary>Our own commands that need no database; JasperFx's help needs nothing at all.</summary>
    private static readonly string[] WithoutDatabase = ["token", "probe", "help", "?"];

    /// <summary>Whether the command <paramref name="args"/> name reads or writes the database (the server does).</summary>
    public static bool NeedsDatabase(string[] args) => !WithoutDatabase.Contains(Command(args)) && !AsksForHelp(args);

    /// <summary>What is missing for <paramref name="args"/>, in one line, or null.</summary>
    public static string? Missing(IConfiguration configuration, IHostEnvironment environment, string[] args)
    {
        // Started by something else (the tests' in-process host), which supplies its settings only as it builds the host.
        if (System.Reflection.Assembly.GetEntryAssembly() != typeof(RequiredSettings).Assembly) return null;
        var command = Command(args);
        if (AsksForHelp(args)) return null;
        if (NeedsDatabase(args) && string.IsNullOrWhiteSpace(configuration.GetConnectionString(EventStoreSetup.ConnectionStringName)))
            return EventStoreSetup.NoConnectionString;
        var auth = Security.SecuritySetup.Settings(configuration);
        if (command is "run" && !auth.HasProviders && string.IsNullOrWhiteSpace(auth.SigningKey))
            return Security.AuthOptions.NobodyCanSignIn;
        if (command is "run" && Security.SecuritySetup.SettingProblems(configuration, environment) is { Count: > 0 } problems)
            return string.Join(Environment.NewLine, problems);
        if (command is "token" && string.IsNullOrWhiteSpace(auth.SigningKey) && Security.AuthOptions.DevelopmentKey() is null)
            return Security.AuthOptions.NoSigningKey;
        return null;
    }

    private static string Command(string[] args) => args.Length == 0 || args[0].StartsWith('-') ? "run" : args[0];

    private static bool AsksForHelp(string[] args) => Command(args) is "help" or "?" || args.Contains("--help") || args.Contains("-h");
}
