namespace Transfer.Domain.Workstreams;

/// <summary>An organisation a command names, and the field of the request that names it (for the refusal when it is not registered).</summary>
public sealed record OrganisationReference(string Field, string OrganisationId);
