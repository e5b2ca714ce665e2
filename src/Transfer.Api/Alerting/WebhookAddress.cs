namespace Transfer.Api.Alerting;

/// <summary>Checks a webhook address as a subscription gives it.</summary>
public static class WebhookAddress
{
    public const int MaxLength = 2000;

    /// <returns>What is wrong with it, in plain words, or null when it may be used.</returns>
    public static string? Problem(string url, WebhookSettings settings, bool production)
    {
        if (url.Length > MaxLength) return $"must be at most {MaxLength} characters";
        if (RequestFields.TextProblem(url) is { } text) return text;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return "must be an absolute http or https address";
        if (uri.UserInfo.Length > 0) return "must not hold a user name or password: the shared secret signs each delivery instead";
        if (uri.Fragment.Length > 0) return "must not have a fragment (#...)";
        // An entry is a host (any port) or host:port, the scheme's own port written out or not.
        var hostAndPort = $"{uri.Host}:{uri.Port}";
        if (production && !settings.AllowedHosts.Any(allowed =>
                string.Equals(allowed, uri.Host, StringComparison.OrdinalIgnoreCase) || string.Equals(allowed, hostAndPort, StringComparison.OrdinalIgnoreCase)))
            return $"host {uri.Authority} is not among the hosts webhooks may go to (Webhooks:AllowedHosts)";
        return null;
    }
}
