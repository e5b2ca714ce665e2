using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;
using Transfer.Api.Hosting;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Conventions;

/// <summary>Load past what the server serves is refused in words, the expensive routes cannot starve the rest, and a lost database is a 503.</summary>
public sealed class ResourceLimitTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Of_twenty_verifies_at_once_those_past_the_limit_are_told_to_come_back_while_health_and_boards_stay_quick()
    {
        await GivenContractsWorkstream();
        var verifies = Enumerable.Range(0, 20).Select(_ => Get("/api/audit/verify", AuditorToken)).ToList();

        var clock = Stopwatch.StartNew();
        var health = await Host.Scenario(s => { s.Get.Url("/health"); s.IgnoreStatusCode(); });
        var board = await Get("/api/portfolio", ChairToken);
        var meanwhile = clock.Elapsed;
        var answers = await Task.WhenAll(verifies);

        health.Context.Response.StatusCode.ShouldBe(200);
        board.Status.ShouldBe(200);
        meanwhile.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        answers.Count(answer => answer.Status == 200).ShouldBeInRange(2, 19);
        foreach (var refused in answers.Where(answer => answer.Status != 200))
        {
            refused.Status.ShouldBe(429, refused.ToString());
            refused.Header("Retry-After").ShouldNotBeNull();
            refused.ContentType.ShouldStartWith("application/problem+json");
        }
    }

    [Fact]
    public async Task A_burst_of_readers_is_served_or_told_to_come_back_never_failed()
    {
        await GivenContractsWorkstream();
        var answers = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Get(i % 2 == 0 ? "/api/portfolio" : "/api/organisations/status", ChairToken)));

        answers.ShouldAllBe(answer => answer.Status == 200 || answer.Status == 503);
        answers.Where(answer => answer.Status == 503).ShouldAllBe(answer => answer.Header("Retry-After") != null);
    }

    [Fact]
    public async Task Every_response_tells_the_browser_to_run_only_this_origins_scripts_and_never_frame_it()
    {
        foreach (var url in new[] { "/", "/app.js", "/api/portfolio" })
        {
            var answer = await Get(url, ChairToken);
            var policy = answer.Header("Content-Security-Policy");
            policy.ShouldNotBeNull(url);
            policy.ShouldContain("script-src 'self'");
            policy.ShouldContain("frame-ancestors 'none'");
            policy.ShouldNotContain("unsafe-inline");
            answer.Header("X-Content-Type-Options").ShouldBe("nosniff");
            answer.Header("Referrer-Policy").ShouldBe("no-referrer");
        }
    }

    [Fact]
    public void A_database_out_of_reach_or_out_of_connections_is_told_apart_from_a_fault()
    {
        DatabaseUnavailableExceptionHandler.IsUnavailable(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))).ShouldBeTrue();
        DatabaseUnavailableExceptionHandler.IsUnavailable(new NpgsqlException("The connection pool has been exhausted", new TimeoutException())).ShouldBeTrue();
        DatabaseUnavailableExceptionHandler.IsUnavailable(new InvalidOperationException("wrapped", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"))).ShouldBeTrue();
        DatabaseUnavailableExceptionHandler.IsUnavailable(new PostgresException("too many connections", "FATAL", "FATAL", "53300")).ShouldBeTrue();

        DatabaseUnavailableExceptionHandler.IsUnavailable(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")).ShouldBeFalse();
        DatabaseUnavailableExceptionHandler.IsUnavailable(new InvalidOperationException("a bug")).ShouldBeFalse();
    }
}
