using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Transfer.Api.Security;

public static class AuthenticationSetup
{
    public const string RoleClaim = "role";
    public const string NameClaim = "name";
    public const string SubjectClaim = "sub";

    public static IServiceCollection AddTransferAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddSingleton(auth);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    RoleClaimType = RoleClaim,
                    NameClaimType = NameClaim,
                    ValidAudience = auth.Audience,
                    ClockSkew = TimeSpan.FromMinutes(1),
                };
                if (!string.IsNullOrWhiteSpace(auth.Authority))
                {
                    options.Authority = auth.Authority;
                }
                else
                {
                    options.TokenValidationParameters.ValidIssuer = auth.Issuer;
                    options.TokenValidationParameters.IssuerSigningKey = auth.CreateSigningKey();
                    options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                }
            });

        // Every route needs a signed-in user unless it says otherwise (health, OpenAPI, Scalar).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>Who is recorded as having posted: the token's name, else its subject.</summary>
    public static string RecordedBy(this ClaimsPrincipal user) =>
        user.FindFirstValue(NameClaim) ?? user.FindFirstValue(SubjectClaim)
        ?? throw new InvalidOperationException("An authenticated user without a name or sub claim.");
}
