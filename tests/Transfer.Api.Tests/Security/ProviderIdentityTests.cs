using System.Security.Claims;
using Transfer.Api.Security;

namespace Transfer.Api.Tests.Security;

/// <summary>How a provider's claims become ours: pure functions, no host.</summary>
public sealed class ProviderIdentityTests
{
    private static readonly SignInProvider Pirkanmaa = new() { Authority = "https://login.example/pirkanmaa/v2.0", ClientId = "transfer", County = "pirkanmaa" };
    private static readonly SignInProvider State = new() { Authority = "https://login.example/state/v2.0", ClientId = "transfer" };

    private static AuthOptions EntraStyle() => new()
    {
        UserIdClaim = "oid",
        Roles = new() { ["pmo"] = "Transfer.PMO", ["chair"] = "Transfer.Chair, Transfer.Chair.Deputy", ["national"] = "Transfer.National" },
    };

    private static ClaimsPrincipal Token(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(claim => new Claim(claim.Type, claim.Value)), "test"));

    [Fact]
    public void A_county_providers_person_gets_our_roles_their_name_and_id_and_the_providers_county_not_their_tokens()
    {
        var (identity, problem) = ProviderIdentity.Map(
            Token(("oid", "0b6c-77"), ("sub", "pairwise-xyz"), ("name", "Paula Pirkanmaa"), ("roles", "Transfer.PMO"), ("roles", "Transfer.Chair.Deputy"),
                ("roles", "Transfer.National"), ("county", "kanta-hame"), ("role", "auditor")),
            "pirkanmaa", Pirkanmaa, EntraStyle(), countiesConfigured: true, "Session");

        problem.ShouldBeNull();
        var user = new ClaimsPrincipal(identity!);
        user.FindFirstValue("sub").ShouldBe("0b6c-77");
        user.FindFirstValue("name").ShouldBe("Paula Pirkanmaa");
        user.FindAll("role").Select(claim => claim.Value).ShouldBe(["pmo", "chair"], ignoreOrder: true);
        user.FindAll("county").Select(claim => claim.Value).ShouldBe(["pirkanmaa"]);
        user.FindFirstValue("provider").ShouldBe("pirkanmaa");
        identity!.AuthenticationType.ShouldBe("Session");
        user.RecordedBy().ShouldBe("Paula Pirkanmaa (0b6c-77)");
        user.Owner().ShouldBe("0b6c-77");
    }

    [Fact]
    public void A_provider_of_no_county_grants_only_the_national_role_where_counties_are_configured()
    {
        var token = Token(("oid", "state-1"), ("name", "Ministry Reader"), ("roles", "Transfer.PMO"), ("roles", "Transfer.National"));

        var (national, _) = ProviderIdentity.Map(token, "state", State, EntraStyle(), countiesConfigured: true, "Bearer");
        new ClaimsPrincipal(national!).FindAll("role").Select(claim => claim.Value).ShouldBe(["national"]);
        national!.FindFirst("county").ShouldBeNull();

        // Where the installation names no counties, its one provider grants every role it maps.
        var (single, _) = ProviderIdentity.Map(token, "state", State, EntraStyle(), countiesConfigured: false, "Bearer");
        new ClaimsPrincipal(single!).FindAll("role").Select(claim => claim.Value).ShouldBe(["pmo", "national"], ignoreOrder: true);
    }

    [Fact]
    public void Unmapped_values_grant_nothing_and_by_default_each_role_is_its_own_name()
    {
        var (mapped, _) = ProviderIdentity.Map(Token(("oid", "x"), ("roles", "pmo"), ("roles", "Admin")), "pirkanmaa", Pirkanmaa, EntraStyle(), true, "Session");
        mapped!.FindFirst("role").ShouldBeNull("'pmo' is not the value configured for pmo, and 'Admin' maps to nothing");

        var defaults = new AuthOptions();
        var (plain, _) = ProviderIdentity.Map(Token(("sub", "s-1"), ("roles", "auditor"), ("roles", "chair")), "pirkanmaa", Pirkanmaa, defaults, true, "Session");
        new ClaimsPrincipal(plain!).FindAll("role").Select(claim => claim.Value).ShouldBe(["chair", "auditor"], ignoreOrder: true);
        // No name from the provider: recorded by the stable id alone.
        new ClaimsPrincipal(plain!).RecordedBy().ShouldBe("s-1");
    }

    [Fact]
    public void A_token_without_a_usable_stable_id_is_refused_with_the_claim_named()
    {
        var (identity, problem) = ProviderIdentity.Map(Token(("sub", "s-1"), ("name", "No Oid")), "pirkanmaa", Pirkanmaa, EntraStyle(), true, "Bearer");
        identity.ShouldBeNull();
        problem.ShouldNotBeNull().ShouldContain("'oid'");

        var (_, control) = ProviderIdentity.Map(Token(("oid", "line\nbreak")), "pirkanmaa", Pirkanmaa, EntraStyle(), true, "Bearer");
        control.ShouldNotBeNull();
    }

    [Fact]
    public void Misconfigured_providers_stop_the_start_with_the_setting_named()
    {
        var auth = new AuthOptions
        {
            Authority = "https://old.example",
            Roles = new() { ["admin"] = "Transfer.Admin" },
            Providers = new()
            {
                ["Pirkanmaa"] = new SignInProvider { Authority = "https://a.example", ClientId = "c", ClientSecret = "s" },
                ["plain"] = new SignInProvider { Authority = "http://b.example", ClientId = "c", ClientSecret = "s" },
                ["again"] = new SignInProvider { Authority = "https://a.example/", ClientId = "", County = "lappi" },
            },
        };

        var problems = auth.Problems(["pirkanmaa"], development: false).ToList();

        problems.ShouldContain(line => line.StartsWith("Auth:Authority is no longer read"));
        problems.ShouldContain(line => line.StartsWith("Auth:Roles:admin names no role"));
        problems.ShouldContain(line => line.StartsWith("Auth:Providers:Pirkanmaa: a provider's name is lowercase"));
        problems.ShouldContain(line => line.StartsWith("Auth:Providers:plain:Authority must use https://"));
        problems.ShouldContain(line => line.StartsWith("Auth:Providers:again:Authority is the same as Auth:Providers:Pirkanmaa's"));
        problems.ShouldContain(line => line.StartsWith("Auth:Providers:again:ClientId is missing"));
        problems.ShouldContain(line => line.StartsWith("Auth:Providers:again:ClientSecret is missing"));
        problems.ShouldContain(line => line.StartsWith("Auth:Providers:again:County names 'lappi', which is not one of the counties configured"));
        auth.Problems(["pirkanmaa"], development: true).ShouldNotContain(line => line.Contains("must use https://"));

        new AuthOptions { Providers = new() { ["pirkanmaa"] = Pirkanmaa.WithSecret() } }.Problems(["pirkanmaa"], false).ShouldBeEmpty();
    }
}

file static class ProviderCopies
{
    public static SignInProvider WithSecret(this SignInProvider provider) =>
        new() { Authority = provider.Authority, ClientId = provider.ClientId, ClientSecret = "secret", County = provider.County };
}
