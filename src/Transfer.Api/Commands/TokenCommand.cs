using JasperFx.CommandLine;
using Transfer.Api.Security;

namespace Transfer.Api.Commands;

public sealed class TokenInput : NetCoreInput
{
    [Description("Roles to grant: pmo, chair or auditor; several after one flag: --role pmo auditor")]
    [FlagAlias("role", 'r')]
    public List<string> RoleFlag { get; set; } = [];

    [Description("Name recorded as recordedBy on everything posted with the token")]
    [FlagAlias("name", 'n')]
    public string NameFlag { get; set; } = "Development user";

    [Description("The county the token acts in, e.g. pirkanmaa (needed where several counties are served; not for national)")]
    [FlagAlias("county", longAliasOnly: true)]
    public string? CountyFlag { get; set; }

    [Description("Hours until the token expires (default 12)")]
    [FlagAlias("hours", longAliasOnly: true)]
    public int HoursFlag { get; set; } = 12;
}

[Description("Mints a development token signed with Auth:SigningKey and prints only the token", Name = "token")]
public sealed class TokenCommand : JasperFxAsyncCommand<TokenInput>
{
    public override async Task<bool> Execute(TokenInput input)
    {
        var unknown = input.RoleFlag.Except(Roles.All).ToList();
        if (input.RoleFlag.Count == 0 || unknown.Count > 0)
        {
            await Console.Error.WriteLineAsync($"--role must be one of {string.Join(", ", Roles.All)}" +
                (unknown.Count > 0 ? $" (not: {string.Join(", ", unknown)})" : ""));
            return false;
        }
        if (input.CountyFlag is { } county && !Domain.Common.EntityId.IsValid(county))
        {
            await Console.Error.WriteLineAsync($"--county must be a county's id: {Domain.Common.EntityId.Rule}");
            return false;
        }
        if (input.HoursFlag < 1)
        {
            await Console.Error.WriteLineAsync("--hours must be at least 1");
            return false;
        }

        // Built, not started: the token needs the configuration, not a database.
        using var host = input.BuildHost();
        // The key scripts/run.sh made, where none is configured: so a token minted in a fresh shell is one that API accepts.
        var auth = host.Services.GetRequiredService<AuthOptions>();
        if (string.IsNullOrWhiteSpace(auth.SigningKey)) auth.SigningKey = AuthOptions.DevelopmentKey();
        var issuer = host.Services.GetRequiredService<TokenIssuer>();
        try
        {
            Console.Out.WriteLine(issuer.Issue(input.NameFlag, input.RoleFlag.Distinct(), TimeSpan.FromHours(input.HoursFlag), input.CountyFlag));
            return true;
        }
        catch (InvalidOperationException missingKey)
        {
            await Console.Error.WriteLineAsync(missingKey.Message);
            return false;
        }
    }
}
