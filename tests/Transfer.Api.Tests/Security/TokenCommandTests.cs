using System.IdentityModel.Tokens.Jwt;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Security;

/// <summary>The `token` command, run as a user runs it: the API program with arguments, nothing but the token on stdout.</summary>
public sealed class TokenCommandTests
{
    [Fact]
    public async Task Prints_only_a_token_carrying_the_role_and_name()
    {
        var (exitCode, stdout, _) = await ApiProgram.Run(Environment, "token", "--role", "pmo", "auditor", "--name", "PMO Test");

        exitCode.ShouldBe(0);
        var token = new JwtSecurityTokenHandler().ReadJwtToken(stdout.Trim());
        token.Claims.Where(c => c.Type == "role").Select(c => c.Value).ShouldBe(["pmo", "auditor"], ignoreOrder: true);
        token.Claims.Single(c => c.Type == "name").Value.ShouldBe("PMO Test");
        stdout.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Refuses_an_unknown_role_and_prints_nothing()
    {
        var (exitCode, stdout, stderr) = await ApiProgram.Run(Environment, "token", "--role", "boss");

        exitCode.ShouldNotBe(0);
        stdout.Trim().ShouldBeEmpty();
        stderr.ShouldContain("--role must be one of pmo, chair, auditor");
    }

    [Fact]
    public async Task Without_a_signing_key_it_says_what_to_set_in_one_line_and_prints_no_token()
    {
        var (exitCode, stdout, stderr) = await ApiProgram.RunIn(Path.GetTempPath(), new Dictionary<string, string> { ["Auth__SigningKey"] = "" }, "token", "--role", "pmo");

        exitCode.ShouldBe(2);
        stdout.Trim().ShouldBeEmpty();
        stderr.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain("Auth:SigningKey is not set");
    }

    [Fact]
    public async Task In_a_fresh_shell_it_signs_with_the_key_the_run_script_made()
    {
        var repository = Directory.CreateTempSubdirectory("transfer-repo-");
        try
        {
            Directory.CreateDirectory(Path.Combine(repository.FullName, ".local"));
            const string key = "the development key scripts/run.sh made, 32+ bytes long";
            await File.WriteAllTextAsync(Path.Combine(repository.FullName, ".local", "signing-key"), key);
            var below = Directory.CreateDirectory(Path.Combine(repository.FullName, "src", "Transfer.Api"));

            // A fresh shell has neither the key nor a connection string: the token needs no database.
            var (exitCode, stdout, _) = await ApiProgram.RunIn(below.FullName,
                new Dictionary<string, string> { ["Auth__SigningKey"] = "", ["ConnectionStrings__Transfer"] = "" }, "token", "--role", "chair");

            exitCode.ShouldBe(0);
            var validated = await new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().ValidateTokenAsync(stdout.Trim(), new Microsoft.IdentityModel.Tokens.TokenValidationParameters
            {
                ValidIssuer = "transfer-dev", ValidAudience = "transfer-api",
                IssuerSigningKey = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(key)),
            });
            validated.IsValid.ShouldBeTrue(validated.Exception?.Message);
        }
        finally
        {
            repository.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_connection_string_the_server_says_so_in_one_line_and_exits_with_2()
    {
        var (exitCode, _, stderr) = await ApiProgram.RunIn(Path.GetTempPath(), new Dictionary<string, string> { ["ConnectionStrings__Transfer"] = "" });

        exitCode.ShouldBe(2);
        stderr.Trim().Split('\n').ShouldHaveSingleItem().ShouldStartWith("No connection string");
    }

    [Fact]
    public async Task Without_a_provider_or_a_signing_key_the_server_says_nobody_could_sign_in_and_exits_with_2()
    {
        // The run script's key file beside it is not read by the server: only a configured key counts.
        var (exitCode, _, stderr) = await ApiProgram.RunIn(Path.GetTempPath(), new Dictionary<string, string>
        {
            ["ConnectionStrings__Transfer"] = "Host=127.0.0.1;Database=unused", ["Auth__SigningKey"] = "",
        });

        exitCode.ShouldBe(2);
        stderr.Trim().Split('\n').ShouldHaveSingleItem().ShouldStartWith("Nobody could sign in");
    }

    [Fact]
    public async Task A_misconfigured_provider_stops_the_server_with_one_line_per_setting_and_exit_2()
    {
        var (exitCode, _, stderr) = await ApiProgram.RunIn(Path.GetTempPath(), new Dictionary<string, string>
        {
            ["ConnectionStrings__Transfer"] = "Host=127.0.0.1;Database=unused", ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Auth__Providers__pirkanmaa__Authority"] = "http://login.example/pirkanmaa", ["Auth__Providers__pirkanmaa__ClientId"] = "transfer",
        });

        exitCode.ShouldBe(2);
        var lines = stderr.Trim().Split('\n');
        lines.ShouldBe([
            "Auth:Providers:pirkanmaa:Authority must use https:// (http:// only in Development, for tests on this machine).",
            "Auth:Providers:pirkanmaa:ClientSecret is missing: the server signs people in as a confidential client.",
        ]);
    }

    private static readonly Dictionary<string, string> Environment = new() { ["Auth__SigningKey"] = "a signing key for the token command test, 32+ bytes" };
}
