using Microsoft.AspNetCore.Http.HttpResults;
using Transfer.Api.Writing;
using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;

namespace Transfer.Api.Workstreams;

/// <summary>Why the write loop did not record a post, in the words a single post answers and an import's row reports alike.</summary>
public abstract record PostRefused
{
    /// <summary>The field of the post at fault, where one is (an import reports the row's there); null for the post as a whole.</summary>
    public abstract string? Field { get; }

    public abstract string Message(string workstreamId);

    /// <summary>The answer to a single post.</summary>
    public abstract ProblemHttpResult Problem(string workstreamId);

    public sealed record NoSuchWorkstream : PostRefused
    {
        public override string Field => "workstreamId";
        public override string Message(string workstreamId) => Problems.NoSuch("workstream", workstreamId);
        public override ProblemHttpResult Problem(string workstreamId) => Problems.NotFound("workstream", workstreamId);
    }

    public sealed record StaleVersion : PostRefused
    {
        public override string? Field => null;
        public override string Message(string workstreamId) => Writes.StaleVersion;
        public override ProblemHttpResult Problem(string workstreamId) => Problems.PreconditionFailed(Writes.StaleVersion);
    }

    public sealed record Unregistered(OrganisationReference Named) : PostRefused
    {
        public override string Field => Named.Field;
        public override string Message(string workstreamId) => Problems.NoSuch("organisation", Named.OrganisationId);
        public override ProblemHttpResult Problem(string workstreamId) => Problems.UnknownReference(Named.Field, "organisation", Named.OrganisationId);
    }

    public sealed record Rejected(Rejection Rejection) : PostRefused
    {
        public override string? Field => Rejection.Field;
        public override string Message(string workstreamId) => Rejection.Message;
        public override ProblemHttpResult Problem(string workstreamId) => Problems.From(Rejection);
    }
}
