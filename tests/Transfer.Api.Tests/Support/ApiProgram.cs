using System.Diagnostics;

namespace Transfer.Api.Tests.Support;

/// <summary>Runs the API program's command line as a user does: `dotnet Transfer.Api.dll &lt;command&gt;`.</summary>
public static class ApiProgram
{
    public static Task<(int ExitCode, string Stdout, string Stderr)> Run(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunIn(Directory.GetCurrentDirectory(), environment, args);

    /// <param name="environment">Variables to set; an empty value removes the variable.</param>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunIn(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Transfer.Api.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
            if (value.Length == 0) start.Environment.Remove(name); else start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await stdout, await stderr);
    }
}
