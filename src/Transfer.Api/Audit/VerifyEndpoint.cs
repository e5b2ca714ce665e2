namespace Transfer.Api.Audit;

public static class VerifyEndpoint
{
    /// <summary>
    /// Whether the recorded history is intact (the chain recomputed from the stored rows), whether the
    /// stored views equal a fresh replay of the events, and, given a head an auditor wrote down earlier,
    /// whether today's chain still passes through it unchanged.
    /// </summary>
    [WolverineGet("/api/audit/verify", OperationId = "VerifyHistory"), Authorize(Roles = Roles.Auditors)]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RequestLimits.Expensive)]
    [ProducesResponseType<VerifyReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Verify(string? expectedHead, AuditVerifier verifier, CancellationToken cancellation)
    {
        if (expectedHead is not null && (expectedHead.Length != 64 || !expectedHead.All(Uri.IsHexDigit)))
            return Problems.Validation("expectedHead", "must be a head as /api/audit/verify reports it: 64 hexadecimal characters");
        return Results.Ok(await verifier.Verify(expectedHead?.ToLowerInvariant(), cancellation));
    }
}
