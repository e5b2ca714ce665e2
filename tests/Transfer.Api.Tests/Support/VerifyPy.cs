using System.Diagnostics;

namespace Transfer.Api.Tests.Support;

/// <summary>The auditor's verifier of an evidence bundle, run as its README tells them: python3 verify.py in the bundle's folder.</summary>
public static class VerifyPy
{
    public static async Task<(int Exit, string Output)> Run(string bundle, params string[] arguments)
    {
        var start = new ProcessStartInfo("python3") { WorkingDirectory = bundle, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("verify.py");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await python.WaitForExitAsync(patience.Token);
        return (python.ExitCode, await output + await errors);
    }
}
