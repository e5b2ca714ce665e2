using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Conventions;

/// <summary>The API program's command line, run as an operator runs it: quiet, and each command of ours explains itself.</summary>
public sealed class CommandLineTests
{
    private static readonly Dictionary<string, string> NoSettings = new() { ["ConnectionStrings__Transfer"] = "", ["Auth__SigningKey"] = "" };

    [Theory]
    [InlineData("token", "--help", "--role")]
    [InlineData("token", "-?", "--hours")]
    [InlineData("probe", "--help", "--url")]
    [InlineData("seed-demo", "-h", "--if-empty")]
    [InlineData("seed-scale", "--help", "--add-missing")]
    public async Task Each_command_of_ours_answers_help_with_its_flags_and_needs_no_settings_for_it(string command, string help, string flag)
    {
        // JasperFx's help for one command ends with exit code 1 (HelpCommand), whoever asks: not asserted.
        var (_, stdout, stderr) = await ApiProgram.RunIn(Path.GetTempPath(), NoSettings, command, help);

        stderr.ShouldNotContain("Exception");
        stdout.ShouldContain($"dotnet run -- {command}");
        stdout.ShouldContain(flag);
        stdout.ShouldNotContain("Invalid usage");
    }

    [Fact]
    public async Task JasperFx_command_discovery_prints_nothing()
    {
        var (exitCode, stdout, stderr) = await ApiProgram.RunIn(Path.GetTempPath(), NoSettings, "help");

        exitCode.ShouldBe(0, stderr);
        stdout.ShouldContain("token");
        (stdout + stderr).ShouldNotContain("for commands");
        stdout.TrimStart().ShouldStartWith("The available commands are:");
    }
}
