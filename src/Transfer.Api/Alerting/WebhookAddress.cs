namespace Transfer.Api.Alerting;

/// <summary>Checks a webhook address as a subscription gives it.</summary>
public static class WebhookAddress
{
    public const int MaxLength = 2000;

    /// <returns>What is wrong with it, in plain words, or null when it may be used.</returns>
    /// <param name="enforceAllowList">Everywhere but Development: a "Staging" reaches as far as production does.</param>
    public static string? Problem(string url, WebhookSettings settings, bool enforceAllowList)
    {
        if (url.Length > MaxLength) return $"must be at most {MaxLength} characters";
        if (RequestFields.TextProblem(url) is { } text) return text;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return "must be an absolute http or https address";
        if (uri.UserInfo.Length > 0) return "must not hold a user name or password: the shared secret signs each delivery instead";
        if (uri.Fragment.Length > 0) return "must not have a fragment (#...)";
        // An entry is a host, meaning its scheme's own port (443 or 80), or host:port for any other.
        var hostAndPort = $"{uri.Host}:{uri.Port}";
        if (enforceAllowList && !settings.AllowedHosts.Any(allowed =>
                (uri.IsDefaultPort && string.Equals(allowed, uri.Host, StringComparison.OrdinalIgnoreCase))
                || string.Equals(allowed, hostAndPort, StringComparison.OrdinalIgnoreCase)))
            return $"host {uri.Authority} is not among the hosts webhooks may go to (Webhooks:AllowedHosts)";
        return null;
    }
}
