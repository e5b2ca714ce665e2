using System.Net;

namespace Transfer.Api.Tests.Support;

/// <summary>
/// Keeps and sends cookies for an HttpClient as a browser would (the in-process test server's client keeps none),
/// so a session can be followed from sign-in to sign-out, and an old cookie replayed afterwards.
/// </summary>
public sealed class CookieJar(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public CookieContainer Cookies { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (Cookies.GetCookieHeader(uri) is { Length: > 0 } header && !request.Headers.Contains("Cookie"))
            request.Headers.Add("Cookie", header);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
            foreach (var cookie in set) Cookies.SetCookies(uri, cookie);
        return response;
    }
}
