using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Transfer.Api.Tests.Support;

/// <summary>
/// Real OpenID providers for the sign-in tests: panva's certified oidc-provider, run by
/// tests/oidc-provider/provider.mjs on 127.0.0.1, one issuer per <see cref="TestIdentityProvider"/>. Tests
/// sign people in through its pages, ask it for service tokens, rotate its keys and move its clock.
/// </summary>
public sealed partial class OidcTestProvider : IAsyncDisposable
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    private readonly Process node;
    private readonly string configFile;
    private readonly Uri control;
    private readonly IReadOnlyDictionary<string, string> issuers;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Dictionary<string, HttpClient> browsers = [];

    private OidcTestProvider(Process node, string configFile, Uri control, IReadOnlyDictionary<string, string> issuers)
    {
        this.node = node;
        this.configFile = configFile;
        this.control = control;
        this.issuers = issuers;
    }

    private static string Folder => Path.Combine(Repository.Root, "tests", "oidc-provider");

    public static async Task<OidcTestProvider> Start(params TestIdentityProvider[] providers)
    {
        // scripts/test.sh installs it first; this is for a test run from an IDE or plain dotnet test.
        await InstallWhenMissing();
        var configFile = Path.Combine(Path.GetTempPath(), $"oidc-test-provider-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(new { providers }, Json));

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(Folder, "provider.mjs"));
        start.ArgumentList.Add(configFile);
        // Stdin stays open for the process's whole life: the provider ends when it closes, so a test run that
        // dies never leaves it listening.
        var node = Process.Start(start)!;
        var stderr = new StringBuilder();
        node.ErrorDataReceived += (_, line) => { lock (stderr) stderr.AppendLine(line.Data); };
        node.BeginErrorReadLine();

        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var ready = await node.StandardOutput.ReadLineAsync(patience.Token)
                ?? throw new InvalidOperationException($"The OpenID test provider ended before it was ready:\n{await Ended(node, stderr)}");
            using var line = JsonDocument.Parse(ready);
            var issuers = line.RootElement.GetProperty("providers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            return new OidcTestProvider(node, configFile, new Uri(line.RootElement.GetProperty("control").GetString()!), issuers);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            File.Delete(configFile);
            throw new TimeoutException($"The OpenID test provider was not ready in 30 s:\n{await Ended(node, stderr)}");
        }
        catch
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
            File.Delete(configFile);
            throw;
        }
    }

    /// <summary>The issuer URL of the provider of that name (no trailing slash).</summary>
    public string Issuer(string provider) =>
        issuers.TryGetValue(provider, out var issuer) ? issuer : throw new ArgumentException($"No provider named {provider}", nameof(provider));

    /// <summary>A service's own access token for <paramref name="resource"/>, as the service asks it (client credentials, secret in the body).</summary>
    /// <exception cref="HttpRequestException">The provider refused; the message carries its OAuth error.</exception>
    public async Task<string> ClientCredentialsToken(string provider, string clientId, string secret, string resource = "api://transfer")
    {
        using var response = await http.PostAsync($"{Issuer(provider)}/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["resource"] = resource, ["client_id"] = clientId, ["client_secret"] = secret,
        }));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{provider} refused a token for {clientId} at {resource}: {(int)response.StatusCode} {body}", null, response.StatusCode);
        using var answer = JsonDocument.Parse(body);
        return answer.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A new signing key signs from now on; the old one stays published. Returns the new key's kid.</summary>
    public async Task<string> RotateKey(string provider)
    {
        using var answer = JsonDocument.Parse(await Control(HttpMethod.Post, $"providers/{Uri.EscapeDataString(provider)}/rotate"));
        return answer.RootElement.GetProperty("kid").GetString()!;
    }

    /// <summary>Moves every provider's clock by <paramref name="offset"/> from the real time (<see cref="TimeSpan.Zero"/> puts it back).</summary>
    public async Task ShiftClock(TimeSpan offset) =>
        await Control(HttpMethod.Post, $"clock?offsetSeconds={((long)offset.TotalSeconds).ToString(CultureInfo.InvariantCulture)}");

    /// <summary>
    /// A person signing in as <paramref name="login"/> in a fresh browser: follows the provider from the
    /// authorize URL through its login and consent pages and returns where it sends the browser back to the
    /// client (redirect_uri?code=…&amp;state=…), without going there. With response_mode=form_post the
    /// fields the provider's page would post come back as that URI's query instead, which ASP.NET Core's
    /// OpenID Connect handler accepts as a GET as well. The browser keeps the provider's cookies for a
    /// later <see cref="SignOut"/>.
    /// </summary>
    public async Task<Uri> SignIn(Uri authorizeUrl, string login)
    {
        var browser = NewBrowser(authorizeUrl);
        return await Browse(browser, authorizeUrl, login);
    }

    /// <summary>
    /// The same person signing out: follows the provider's end-session page, confirms it, and returns the
    /// redirect back to the client (post_logout_redirect_uri?state=…), without going there.
    /// </summary>
    public async Task<Uri> SignOut(Uri endSessionUrl) => await Browse(BrowserAt(endSessionUrl), endSessionUrl, login: null);

    /// <summary>Goes where the provider sends the browser until it sends it somewhere else, submitting each of its forms as a person would.</summary>
    private static async Task<Uri> Browse(HttpClient browser, Uri start, string? login)
    {
        var origin = Origin(start);
        var request = new HttpRequestMessage(HttpMethod.Get, start);
        for (var step = 0; step < 12; step++)
        {
            var at = request.RequestUri!;
            using var response = await browser.SendAsync(request);
            request.Dispose();
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var next = new Uri(at, location);
                if (Origin(next) != origin) return next;
                request = new HttpRequestMessage(HttpMethod.Get, next);
                continue;
            }
            var page = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || FormOn(page, at, login) is not { } form)
                throw new InvalidOperationException($"The provider stopped at {at} ({(int)response.StatusCode}): {Text(page)}");
            // response_mode=form_post (ASP.NET Core's default): the page posts the answer to the client by script.
            if (Origin(form.Action) != origin) return new Uri(QueryHelpers.AddQueryString(form.Action.ToString(), form.Fields!));
            request = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = new FormUrlEncodedContent(form.Fields) };
        }
        throw new InvalidOperationException($"The provider at {origin} did not send the browser back to the client in 12 steps");
    }

    private sealed record Form(Uri Action, Dictionary<string, string> Fields);

    // A regex, not an HTML parser: the pages are oidc-provider's own development pages (login, consent,
    // logout confirmation, the auto-submitting form_post), fixed by the pinned version, one form each.
    private static Form? FormOn(string page, Uri at, string? login)
    {
        if (FormElement().Match(page) is not { Success: true } form) return null;
        var attributes = Attributes(form.Groups["attributes"].Value);
        var fields = new Dictionary<string, string>();
        foreach (Match input in InputElement().Matches(form.Groups["inside"].Value))
        {
            var field = Attributes(input.Groups["attributes"].Value);
            if (!field.TryGetValue("name", out var name)) continue;
            switch (field.GetValueOrDefault("type"))
            {
                case "hidden": fields[name] = field.GetValueOrDefault("value", ""); break;
                case "password": fields[name] = "any password will do"; break;
                case "text" when name == "login":
                    fields[name] = login ?? throw new InvalidOperationException($"The provider asked for a login at {at} while signing out");
                    break;
            }
        }
        // The logout page's "Yes, sign me out" sits outside its form, tied to it by form="…"; a browser sends its name=value.
        if (attributes.TryGetValue("id", out var id))
            foreach (Match button in ButtonElement().Matches(page))
                if (Attributes(button.Groups["attributes"].Value) is var pressed && pressed.GetValueOrDefault("form") == id
                    && pressed.ContainsKey("autofocus") && pressed.TryGetValue("name", out var name))
                    fields[name] = pressed.GetValueOrDefault("value", "");
        return new Form(new Uri(at, attributes.GetValueOrDefault("action", at.ToString())), fields);
    }

    private static Dictionary<string, string> Attributes(string tag)
    {
        var attributes = new Dictionary<string, string>();
        foreach (Match attribute in Attribute().Matches(tag))
            attributes.TryAdd(attribute.Groups["name"].Value.ToLowerInvariant(), WebUtility.HtmlDecode(attribute.Groups["value"].Value));
        return attributes;
    }

    /// <summary>An error page's lines (oidc-provider writes each in a pre), else the page without its tags.</summary>
    private static string Text(string page)
    {
        var lines = PreElement().Matches(page).Select(pre => Tag().Replace(pre.Groups["text"].Value, "")).ToList();
        var text = lines.Count > 0 ? string.Join("; ", lines) : Tag().Replace(page, " ");
        return WebUtility.HtmlDecode(Regex.Replace(text, @"\s+", " ")).Trim();
    }

    [GeneratedRegex("""<form\b(?<attributes>[^>]*)>(?<inside>.*?)</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormElement();

    [GeneratedRegex("""<input\b(?<attributes>[^>]*)>""", RegexOptions.IgnoreCase)]
    private static partial Regex InputElement();

    [GeneratedRegex("""<button\b(?<attributes>[^>]*)>""", RegexOptions.IgnoreCase)]
    private static partial Regex ButtonElement();

    [GeneratedRegex("""(?<name>[\w.-]+)(?:\s*=\s*"(?<value>[^"]*)")?""")]
    private static partial Regex Attribute();

    [GeneratedRegex("""<pre>(?<text>.*?)</pre>""", RegexOptions.Singleline)]
    private static partial Regex PreElement();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    /// <summary>A browser of its own per provider (cookies ignore ports), that follows no redirect by itself.</summary>
    private HttpClient NewBrowser(Uri at)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        lock (browsers)
        {
            if (browsers.Remove(Origin(at), out var earlier)) earlier.Dispose();
            browsers[Origin(at)] = browser;
        }
        return browser;
    }

    private HttpClient BrowserAt(Uri at)
    {
        lock (browsers) if (browsers.TryGetValue(Origin(at), out var browser)) return browser;
        return NewBrowser(at);
    }

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    private async Task<string> Control(HttpMethod method, string path)
    {
        using var response = await http.SendAsync(new HttpRequestMessage(method, new Uri(control, path)));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{method} {path} at the OpenID test provider: {(int)response.StatusCode} {body}");
        return body;
    }

    private static async Task InstallWhenMissing()
    {
        await Installing.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(Folder, "node_modules"))) return;
            var start = new ProcessStartInfo("npm") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])["ci", "--no-audit", "--no-fund", "--silent"]) start.ArgumentList.Add(argument);
            using var npm = Process.Start(start)!;
            var output = npm.StandardOutput.ReadToEndAsync();
            var errors = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            if (npm.ExitCode != 0) throw new InvalidOperationException($"npm ci in {Folder} failed: {await output}{await errors}");
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task<string> Ended(Process node, StringBuilder stderr)
    {
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        lock (stderr) return stderr.ToString();
    }

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async ValueTask DisposeAsync()
    {
        node.StandardInput.Close();
        try
        {
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }
        node.Dispose();
        File.Delete(configFile);
        lock (browsers) foreach (var browser in browsers.Values) browser.Dispose();
        http.Dispose();
    }
}
