using Microsoft.AspNetCore.Http.HttpResults;

namespace Transfer.Api.Writing;

/// <summary>How a write plan ends: what to answer once the events are saved, or a refusal that saves nothing.</summary>
public abstract record WriteOutcome
{
    private WriteOutcome() { }

    /// <param name="Version">The stream's version after the write, sent as the ETag.</param>
    public sealed record Saved(int StatusCode, object Body, string? Location = null, long? Version = null) : WriteOutcome;

    public sealed record Refused(IResult Problem) : WriteOutcome;

    public static WriteOutcome Created(object body, string location, long version) =>
        new Saved(StatusCodes.Status201Created, body, location, version);

    public static implicit operator WriteOutcome(ProblemHttpResult problem) => new Refused(problem);
}
