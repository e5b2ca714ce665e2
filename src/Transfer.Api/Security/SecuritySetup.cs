using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Transfer.Api.Security;

public static class SecuritySetup
{
    public const string RoleClaim = "role";
    public const string NameClaim = "name";
    public const string SubjectClaim = "sub";

    /// <summary>Who the caller is (a bearer token) and what they may do (roles); development tokens minted by <see cref="TokenIssuer"/>.</summary>
    public static IServiceCollection AddSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<TokenIssuer>();
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrWhiteSpace(auth.Authority) && string.IsNullOrWhiteSpace(auth.SigningKey))
            auth.SigningKey = AuthOptions.DevelopmentKey();
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
                options.Events = new JwtBearerEvents
                {
                    // Every write records who made it: a token that names no one usable is refused at the door.
                    OnTokenValidated = context =>
                    {
                        if (context.Principal is { } user && UsableName(user) is null)
                        {
                            context.Fail(NamesNoOne);
                            // ASP.NET Core keeps a failed sign-in's reason to itself; the 401 tells the client.
                            context.HttpContext.Items[NamesNoOne] = true;
                        }
                        return Task.CompletedTask;
                    },
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

        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        // Every route needs a signed-in user unless it says otherwise (health, OpenAPI, Scalar).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }

    public const int MaxNameLength = 200;

    public const string NamesNoOne = "The token names no one: it needs a 'name' or 'sub' claim of printable text, at most 200 characters.";

    /// <summary>Who is recorded as having posted: the token's name, else its subject (a token without either is refused).</summary>
    public static string RecordedBy(this ClaimsPrincipal user) =>
        UsableName(user) ?? throw new InvalidOperationException("An authenticated user without a usable name or sub claim.");

    /// <summary>Whose a subscription or notification is: the token's subject, else the name it records by.</summary>
    public static string Owner(this ClaimsPrincipal user) =>
        user.FindFirstValue(SubjectClaim) is { Length: > 0 and <= MaxNameLength } subject ? subject : user.RecordedBy();

    private static string? UsableName(ClaimsPrincipal user) =>
        new[] { user.FindFirstValue(NameClaim), user.FindFirstValue(SubjectClaim) }
            .FirstOrDefault(name => !string.IsNullOrWhiteSpace(name) && name.Length <= MaxNameLength && Hosting.RequestFields.TextProblem(name) is null
                                    && !name.Contains('\n') && !name.Contains('\r') && !name.Contains('\t'));
}
