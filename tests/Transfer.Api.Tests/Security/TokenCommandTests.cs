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
    public async Task Without_a_signing_key_it_says_what_to_set_and_prints_no_token()
    {
        var (exitCode, stdout, stderr) = await ApiProgram.Run(new Dictionary<string, string> { ["Auth__SigningKey"] = "" }, "token", "--role", "pmo");

        exitCode.ShouldNotBe(0);
        stdout.Trim().ShouldBeEmpty();
        stderr.ShouldContain("Auth:SigningKey is not set");
    }

    private static readonly Dictionary<string, string> Environment = new() { ["Auth__SigningKey"] = "a signing key for the token command test, 32+ bytes" };
}
