using Transfer.Api.Counties;
using Transfer.Api.Security;

namespace Transfer.Api.Verification;

public static class VerifyEndpoint
{
    [WolverineGet("/api/audit/verify", OperationId = "VerifyHistory", Summary = "Check that nothing recorded was altered",
        Description = "Recomputes the audit chain from the stored events and compares the stored views with a fresh replay. " +
                      "intact is false, with problems naming each event, when anything was edited, deleted or reordered."), Authorize(Roles = Roles.Auditors)]
    [Tags(ApiTags.Audit), Refuses(400)]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RequestLimits.Expensive)]
    [ProducesResponseType<VerifyReport>(StatusCodes.Status200OK)]
    [Describes("expectedHead", "A chain head written down earlier (from this route's head): the report then says whether today's chain " +
        "still passes through it unchanged.", Pattern = "^[0-9a-fA-F]{64}$")]
    public static async Task<IResult> Verify(string? expectedHead, AuditVerifier verifier, HttpContext http, CancellationToken cancellation)
    {
        if (expectedHead is not null && (expectedHead.Length != 64 || !expectedHead.All(Uri.IsHexDigit)))
            return Problems.Validation("expectedHead", "must be a head as /api/audit/verify reports it: 64 hexadecimal characters");
        return Results.Ok(await verifier.Verify(http.County(), expectedHead?.ToLowerInvariant(), cancellation));
    }
}
