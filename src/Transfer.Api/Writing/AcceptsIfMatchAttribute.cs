namespace Transfer.Api.Writing;

/// <summary>
/// A workstream write that takes <c>If-Match</c> (the ETag of the workstream; 412 when it is no longer
/// current) and answers with the new version as its ETag.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AcceptsIfMatchAttribute : Attribute;
