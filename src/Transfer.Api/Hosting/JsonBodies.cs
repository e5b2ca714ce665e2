namespace Transfer.Api.Hosting;

/// <summary>
/// A route that reads JSON reads only what says it is JSON: a body without <c>Content-Type: application/json</c> is
/// refused (415) before anything reads it, rather than parsed on a guess.
/// </summary>
public static class JsonBodies
{
    public static IApplicationBuilder UseJsonContentType(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (hasBody && ReadsOnlyJson(http) && !IsJson(request.ContentType))
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Title = "Not JSON",
                    Detail = $"This route reads a JSON body: send it with the header Content-Type: application/json (it came as {(string.IsNullOrEmpty(request.ContentType) ? "no content type" : $"'{request.ContentType}'")}).",
                },
            });
            return;
        }
        await next(http);
    });

    private static bool ReadsOnlyJson(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is { } accepts
        && accepts.ContentTypes.Count > 0 && accepts.ContentTypes.All(IsJson);

    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
