using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Transfer.Api.Security;

/// <summary>
/// Who the caller is and what they may do. People sign in through their county's OpenID Connect provider into a
/// server-side session (the backend-for-frontend pattern: the dashboard's script never holds a token); API
/// clients send that provider's access tokens; development tokens work where Auth:SigningKey is set, and only then.
/// Every way in ends as the same claims (<see cref="ProviderIdentity"/>): sub, name, role, county.
/// </summary>
public static class SecuritySetup
{
    public const string RoleClaim = "role";
    public const string NameClaim = "name";
    public const string SubjectClaim = "sub";

    /// <summary>The scheme every request is authenticated by: it hands the request to the one below that fits it.</summary>
    public const string RequestScheme = "Transfer";
    public const string DevelopmentTokenScheme = "DevelopmentToken";
    /// <summary>The signed-in person's session: a cookie naming a ticket kept in the database (<see cref="SignInSessionStore"/>).</summary>
    public const string SessionScheme = "Session";
    public const string UntrustedTokenScheme = "UntrustedToken";
    public static string ProviderTokenScheme(string provider) => $"ProviderToken:{provider}";
    public static string ProviderSignInScheme(string provider) => $"SignIn:{provider}";

    /// <summary>The policy of routes any signed-in person may use, whatever their roles (who am I, sign out).</summary>
    public const string SignedIn = "SignedIn";

    public const string AntiforgeryHeader = "X-Antiforgery-Token";

    /// <summary>At most this long between a signed-in person's requests, and at most <see cref="SessionLifetime"/> in all.</summary>
    public static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromHours(1);
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(10);

    /// <summary>The clock skew allowed in a provider's token's lifetime (API.md: at most 2 minutes).</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>How often a token signed by a key we do not know may make us fetch the provider's keys again.</summary>
    private static readonly TimeSpan KeyRefetchInterval = TimeSpan.FromSeconds(30);

    /// <summary>What a provider may sign with: asymmetric algorithms only (never none, never a secret shared with clients).</summary>
    private static readonly string[] ProviderAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public static IServiceCollection AddSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var auth = Settings(configuration);
        var countiesConfigured = Counties.CountyCatalog.From(configuration).Configured;
        if (SettingProblems(configuration, environment) is { Count: > 0 } problems)
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        services.AddSingleton(auth);
        services.AddSingleton<TokenIssuer>();

        var authentication = services.AddAuthentication(RequestScheme)
            .AddPolicyScheme(RequestScheme, "A session or a bearer token", options => options.ForwardDefaultSelector = http => SchemeFor(http, auth))
            .AddScheme<AuthenticationSchemeOptions, UntrustedTokenHandler>(UntrustedTokenScheme, null);
        if (!string.IsNullOrWhiteSpace(auth.SigningKey))
            authentication.AddJwtBearer(DevelopmentTokenScheme, options => DevelopmentTokens(options, auth));
        if (auth.HasProviders)
        {
            authentication.AddCookie(SessionScheme, Sessions);
            services.AddSingleton<SignInSessionStore>();
            services.AddOptions<CookieAuthenticationOptions>(SessionScheme)
                .Configure<SignInSessionStore>((options, store) => options.SessionStore = store);
            foreach (var (name, provider) in auth.Providers)
            {
                var metadata = ProviderMetadata(provider, environment);
                authentication.AddJwtBearer(ProviderTokenScheme(name), options => ProviderTokens(options, name, provider, metadata, auth, countiesConfigured));
                authentication.AddOpenIdConnect(ProviderSignInScheme(name), provider.DisplayName ?? name,
                    options => ProviderSignIn(options, name, provider, metadata, auth, countiesConfigured));
                // The provider's own pages are where the dashboard's sign-out form is sent on to.
                services.AllowFormTarget(new Uri(provider.Authority).GetLeftPart(UriPartial.Authority));
            }
        }

        // The keys that protect session cookies, sign-in state and anti-forgery tokens, kept in the database so that every
        // node of an installation reads what another wrote, and a restart signs no one out.
        services.AddDataProtection().SetApplicationName("Transfer");
        services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource>((options, database) => options.XmlRepository = new DataProtectionKeyStore(database));
        services.AddAntiforgery(options =>
        {
            options.HeaderName = AntiforgeryHeader;
            options.Cookie.Name = "transfer.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(SignedIn, policy => policy.RequireAuthenticatedUser())
            // Every route needs one of our roles unless it says otherwise (health, OpenAPI, sign-in): a person the
            // provider signed in without one is known, and refused.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireRole(Roles.All).Build());
        return services;
    }

    public static AuthOptions Settings(IConfiguration configuration) =>
        configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();

    /// <summary>What is wrong with the sign-in settings, one line each (the run command prints them and stops).</summary>
    public static IReadOnlyList<string> SettingProblems(IConfiguration configuration, IHostEnvironment environment)
    {
        var counties = Counties.CountyCatalog.From(configuration);
        return Settings(configuration).Problems(counties.Configured ? counties.All.Select(county => county.Id).ToList() : [], environment.IsDevelopment()).ToList();
    }

    /// <summary>Authentication, then authorization, then anti-forgery for what a session writes (a refused request is never read).</summary>
    public static WebApplication UseSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseSessionAntiforgery();
        return app;
    }

    /// <summary>
    /// A bearer token goes to the scheme of whoever issued it (read, not yet trusted, from its <c>iss</c>); a request
    /// without one is the session's, where people sign in at all.
    /// </summary>
    private static string SchemeFor(HttpContext http, AuthOptions auth)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return auth.HasProviders ? SessionScheme : string.IsNullOrWhiteSpace(auth.SigningKey) ? UntrustedTokenScheme : DevelopmentTokenScheme;
        var issuer = UntrustedTokenHandler.IssuerOf(header["Bearer ".Length..].Trim())?.TrimEnd('/');
        if (issuer is not null && !string.IsNullOrWhiteSpace(auth.SigningKey) && issuer == auth.Issuer)
            return DevelopmentTokenScheme;
        foreach (var (name, provider) in auth.Providers)
            if (issuer == provider.Issuer) return ProviderTokenScheme(name);
        return UntrustedTokenScheme;
    }

    private static void DevelopmentTokens(JwtBearerOptions options, AuthOptions auth)
    {
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            RoleClaimType = RoleClaim,
            NameClaimType = NameClaim,
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.Audience,
            IssuerSigningKey = auth.CreateSigningKey(),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromMinutes(1),
        };
        options.Events = new JwtBearerEvents
        {
            OnAuthenticationFailed = context => Refused(context.HttpContext, context.Exception),
            // Every write records who made it: a token that names no one usable (or names someone with control
            // characters, which nothing downstream could store) is refused at the door.
            OnTokenValidated = context =>
            {
                if (context.Principal is { } user
                    && (UsableName(user) is null || new[] { NameClaim, SubjectClaim }.Any(type => user.FindFirstValue(type) is { } value && !IsUsableName(value))))
                    Fail(context, NamesNoOne);
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>
    /// The provider's metadata and signing keys, fetched once for both its handlers (sign-in and bearer tokens), so that
    /// a key rotation noticed by either is known to both. A token signed by a key id we have not seen makes the handler
    /// fetch them again (rotation without a restart), at most every <see cref="KeyRefetchInterval"/>, however many
    /// such tokens arrive.
    /// </summary>
    private static ConfigurationManager<OpenIdConnectConfiguration> ProviderMetadata(SignInProvider provider, IHostEnvironment environment) =>
        new($"{provider.Issuer}/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = !environment.IsDevelopment() })
        {
            RefreshInterval = KeyRefetchInterval,
            // And every hour in any case, so that a key the provider has withdrawn is trusted no longer than that.
            AutomaticRefreshInterval = TimeSpan.FromHours(1),
        };

    private static void ProviderTokens(JwtBearerOptions options, string name, SignInProvider provider,
        ConfigurationManager<OpenIdConnectConfiguration> metadata, AuthOptions auth, bool countiesConfigured)
    {
        options.Authority = provider.Authority;
        options.Audience = provider.AccessTokenAudience;
        options.ConfigurationManager = metadata;
        options.MapInboundClaims = false;
        options.RefreshOnIssuerKeyNotFound = true;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = provider.AccessTokenAudience,
            ValidAlgorithms = ProviderAlgorithms,
            ClockSkew = ClockSkew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        };
        options.Events = new JwtBearerEvents
        {
            OnAuthenticationFailed = context => Refused(context.HttpContext, context.Exception),
            OnTokenValidated = context =>
            {
                var (identity, problem) = ProviderIdentity.Map(context.Principal!, name, provider, auth, countiesConfigured, JwtBearerDefaults.AuthenticationScheme);
                if (problem is not null) Fail(context, problem);
                else context.Principal = new ClaimsPrincipal(identity!);
                return Task.CompletedTask;
            },
        };
    }

    private static void ProviderSignIn(OpenIdConnectOptions options, string name, SignInProvider provider,
        ConfigurationManager<OpenIdConnectConfiguration> metadata, AuthOptions auth, bool countiesConfigured)
    {
        options.SignInScheme = SessionScheme;
        options.Authority = provider.Authority;
        options.ConfigurationManager = metadata;
        options.ClientId = provider.ClientId;
        options.ClientSecret = provider.ClientSecret;
        // The authorization code flow with PKCE, the code returned in the query (a top-level GET, so the sign-in's
        // SameSite=Lax cookies come back with it).
        options.ResponseType = "code";
        options.ResponseMode = "query";
        options.UsePkce = true;
        options.CallbackPath = $"/signin-oidc/{name}";
        options.SignedOutCallbackPath = $"/signout-callback-oidc/{name}";
        // No front-channel sign-out: a provider calls it from a frame of its own page, where a SameSite=Lax session cookie
        // is never sent, and any page could send a browser there to sign its person out. Sign-out is POST /signout.
        options.RemoteSignOutPath = PathString.Empty;
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = false;
        // Our claims are the ones ProviderIdentity makes; none added behind its back.
        options.ClaimActions.Clear();
        // Kept (in the server-side session, never in the cookie or the page): the ID token, which sign-out
        // hands back to the provider so that it ends its session too.
        options.SaveTokens = true;
        options.RefreshOnIssuerKeyNotFound = true;
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            NameClaimType = auth.NameClaim,
            RoleClaimType = auth.RoleClaim,
            ValidAlgorithms = ProviderAlgorithms,
            ClockSkew = ClockSkew,
        };
        options.Events = new OpenIdConnectEvents
        {
            OnTokenValidated = context =>
            {
                var (identity, problem) = ProviderIdentity.Map(context.Principal!, name, provider, auth, countiesConfigured, SessionScheme);
                if (problem is not null) context.Fail(problem);
                else context.Principal = new ClaimsPrincipal(identity!);
                return Task.CompletedTask;
            },
            OnTicketReceived = context =>
            {
                // Nothing but the ID token is kept: the server calls no other API in the person's name.
                var properties = context.Properties!;
                properties.StoreTokens(properties.GetTokens().Where(token => token.Name == "id_token").ToList());
                properties.Items[SignedInAt] = Clock(context.HttpContext).GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            },
            OnRemoteFailure = context =>
            {
                // Refused at the provider, a stale or replayed answer, a person we cannot record: back to the dashboard,
                // which says sign-in did not complete; what happened is in the log.
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecuritySetup))
                    .LogWarning(context.Failure, "Signing in through {Provider} did not complete", name);
                context.Response.Redirect("/?signin=failed");
                context.HandleResponse();
                return Task.CompletedTask;
            },
        };
    }

    private static void Sessions(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "transfer.session";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = SessionIdleTimeout;
        options.SlidingExpiration = true;
        options.Events = new CookieAuthenticationEvents
        {
            // An API answers; it does not send a client to a sign-in page (ProblemAuthorizationResultHandler writes the body).
            OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                // A client without a session is told, as a bearer scheme tells it, that a token would do.
                context.Response.Headers.WWWAuthenticate = JwtBearerDefaults.AuthenticationScheme;
                return Task.CompletedTask;
            },
            OnRedirectToAccessDenied = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; },
            OnValidatePrincipal = async context =>
            {
                // Sliding keeps a session alive while it is used (and renews its issue time), but never past its lifetime
                // from signing in: then the person signs in again.
                if (!context.Properties.Items.TryGetValue(SignedInAt, out var at)
                    || !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var signedIn)
                    || Clock(context.HttpContext).GetUtcNow() - signedIn > SessionLifetime)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(SessionScheme);
                }
            },
        };
    }

    /// <summary>When the person signed in, kept with the session: its lifetime counts from then.</summary>
    private const string SignedInAt = "signedInAt";

    private static TimeProvider Clock(HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>();

    /// <summary>Why a token was refused, told in the 401 (ASP.NET Core keeps a failed sign-in's reason to itself).</summary>
    internal const string RefusalItem = "Transfer.Refusal";

    private static void Fail(ResultContext<JwtBearerOptions> context, string reason)
    {
        context.Fail(reason);
        context.HttpContext.Items[RefusalItem] = reason;
    }

    private static Task Refused(HttpContext http, Exception exception)
    {
        http.Items[RefusalItem] = exception switch
        {
            SecurityTokenExpiredException => "The token has expired: get a new one.",
            SecurityTokenNotYetValidException => "The token is not valid yet: check the clock of whoever issued it.",
            SecurityTokenInvalidAudienceException => "The token is meant for another audience, not this API.",
            SecurityTokenInvalidIssuerException => "The token's issuer is not the one this installation trusts for it.",
            // The handler has asked for the provider's keys again (IdentityModel fetches them in the background): a key
            // the provider has just begun to sign with is accepted moments later.
            SecurityTokenSignatureKeyNotFoundException => "The token is signed with a key this API has not seen yet; it is fetching its issuer's keys again: retry in a few seconds.",
            SecurityTokenInvalidAlgorithmException => "The token is signed with an algorithm this API does not accept.",
            SecurityTokenInvalidSignatureException => "The token's signature does not verify.",
            _ => "The token is not valid.",
        };
        return Task.CompletedTask;
    }

    public const int MaxNameLength = 200;

    public const string NamesNoOne = "The token names no one usable: it needs a 'name' or 'sub' claim, and each it has must be printable text on one line, at most 200 characters.";

    /// <summary>
    /// Who is recorded as having posted: the person's name and their stable id (as "name (id)") where a provider
    /// gives both, else whichever the token has (a development token's name is its subject).
    /// </summary>
    public static string RecordedBy(this ClaimsPrincipal user)
    {
        var name = UsableName(user) ?? throw new InvalidOperationException("An authenticated user without a usable name or sub claim.");
        return user.FindFirstValue(SubjectClaim) is { } id && IsUsableName(id) && id != name ? $"{name} ({id})" : name;
    }

    /// <summary>Whose a subscription or notification is: the person's stable id, else the name they are recorded by.</summary>
    public static string Owner(this ClaimsPrincipal user) =>
        user.FindFirstValue(SubjectClaim) is { } subject && IsUsableName(subject) ? subject : user.RecordedBy();

    /// <summary>Printable text of at most <see cref="MaxNameLength"/> characters, on one line.</summary>
    public static bool IsUsableName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= MaxNameLength && Hosting.RequestFields.TextProblem(name) is null
        && !name.Contains('\n') && !name.Contains('\r') && !name.Contains('\t');

    private static string? UsableName(ClaimsPrincipal user) =>
        new[] { user.FindFirstValue(NameClaim), user.FindFirstValue(SubjectClaim) }.FirstOrDefault(IsUsableName);
}
