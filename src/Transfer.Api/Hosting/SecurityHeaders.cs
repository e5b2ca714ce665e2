namespace Transfer.Api.Hosting;

/// <summary>
/// What every response tells the browser: no type sniffing, no referrer, never inside a frame, and a
/// strict Content-Security-Policy (scripts, styles and data only from this origin, no inline script),
/// so that even a value that slipped through the dashboard's escaping could not run. The Scalar API
/// reference runs inline script of its own and keeps only the frame rule.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Origins a form of ours may be sent on to (a sign-in provider's pages, after sign-out): the policy's form-action.</summary>
    public sealed class FormTargets
    {
        public List<string> Origins { get; } = [];
    }

    public static IServiceCollection AllowFormTarget(this IServiceCollection services, string origin) =>
        services.Configure<FormTargets>(targets => targets.Origins.Add(origin));

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var origins = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<FormTargets>>().Value.Origins;
        var policy = origins.Count == 0 ? ContentSecurityPolicy : ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {string.Join(' ', origins.Distinct())}");
        return app.Use((http, next) =>
        {
            // Set as the response starts, so that an error answered after the exception handler cleared the
            // response carries them too.
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/scalar") ? "frame-ancestors 'none'" : policy;
                return Task.CompletedTask;
            });
            return next(http);
        });
    }
}
