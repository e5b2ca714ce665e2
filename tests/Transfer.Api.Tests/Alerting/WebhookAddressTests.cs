using Transfer.Api.Alerting;

namespace Transfer.Api.Tests.Alerting;

/// <summary>Webhook addresses (the allow-list, which holds everywhere but Development, above all) and the delivery settings' defaults: pure checks, without a database.</summary>
public sealed class WebhookAddressTests
{
    private static readonly WebhookSettings Allowing = new() { AllowedHosts = ["hooks.pirha.fi", "receiver.example.fi:8443", "plain.example.fi:443"] };

    [Theory]
    [InlineData("https://hooks.pirha.fi/transfer")]
    [InlineData("https://receiver.example.fi:8443/x")]
    [InlineData("https://plain.example.fi/the-scheme-s-own-port-left-out")]
    [InlineData("https://plain.example.fi:443/or-written-out")]
    public void Outside_development_a_listed_host_is_taken(string url) =>
        WebhookAddress.Problem(url, Allowing, enforceAllowList: true).ShouldBeNull();

    [Theory]
    [InlineData("https://hooks.evil.example/x", "hooks.evil.example")]
    [InlineData("http://127.0.0.1:5392/api/imports", "127.0.0.1:5392")]
    [InlineData("https://receiver.example.fi/on-another-port", "receiver.example.fi")]
    [InlineData("http://plain.example.fi/port-80", "plain.example.fi")]
    // A host listed without a port means its scheme's own port, not any port on it.
    [InlineData("https://HOOKS.pirha.fi:9000/another-port-on-a-listed-host", "hooks.pirha.fi:9000")]
    [InlineData("http://hooks.pirha.fi:443/http-to-the-https-port", "hooks.pirha.fi:443")]
    public void Outside_development_a_host_off_the_list_is_refused_by_name(string url, string authority) =>
        WebhookAddress.Problem(url, Allowing, enforceAllowList: true)
            .ShouldBe($"host {authority} is not among the hosts webhooks may go to (Webhooks:AllowedHosts)");

    [Fact]
    public void Outside_development_with_no_list_every_host_is_refused() =>
        WebhookAddress.Problem("https://hooks.pirha.fi/x", new WebhookSettings(), enforceAllowList: true).ShouldNotBeNull();

    [Fact]
    public void In_development_any_http_host_is_taken_so_a_receiver_on_127_0_0_1_can_be_tried() =>
        WebhookAddress.Problem("http://127.0.0.1:9000/hook", new WebhookSettings(), enforceAllowList: false).ShouldBeNull();

    [Fact]
    public void An_address_too_long_or_with_a_fragment_is_refused_even_from_a_listed_host()
    {
        WebhookAddress.Problem("https://hooks.pirha.fi/" + new string('a', WebhookAddress.MaxLength), Allowing, enforceAllowList: true)
            .ShouldBe($"must be at most {WebhookAddress.MaxLength} characters");
        WebhookAddress.Problem("https://hooks.pirha.fi/x#part", Allowing, enforceAllowList: true).ShouldBe("must not have a fragment (#...)");
    }

    [Fact]
    public void An_address_with_a_control_character_is_refused_as_text_before_it_is_read_as_an_address() =>
        WebhookAddress.Problem("https://hooks.pirha.fi/x\u0000y", Allowing, enforceAllowList: false)
            .ShouldBe("must not contain control characters (only tab and line breaks are allowed)");

    [Fact]
    public void By_default_both_inline_retries_start_within_30_s_of_the_first_attempt_even_after_two_time_outs()
    {
        var settings = new WebhookSettings();
        var delays = settings.RetryDelays;
        var secondRetryStarts = TimeSpan.FromSeconds(settings.TimeoutSeconds) * 2 + delays[0] + delays[1];
        secondRetryStarts.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(30), "API.md: the first two retries within 30 s of the first attempt");
        delays.Skip(2).ShouldAllBe(delay => delay >= delays[1], "later ones further apart");
    }
}
