namespace Transfer.Domain.Common;

/// <summary>A command's verdict: the event to record, or why it is refused. (Not "Decision": that is a council's decision, an event of its own.)</summary>
public sealed record Verdict
{
    public object? Event { get; private init; }
    public Rejection? Rejection { get; private init; }

    public static Verdict Record(object @event) => new() { Event = @event };
    public static Verdict Refuse(Rejection rejection) => new() { Rejection = rejection };

    public static implicit operator Verdict(Rejection rejection) => Refuse(rejection);
}

public enum RejectionKind
{
    /// <summary>The request contradicts a rule about its own content (HTTP 400).</summary>
    InvalidInput,
    /// <summary>The request contradicts what has already been recorded (HTTP 409).</summary>
    Conflict,
}

/// <param name="Field">The request field at fault, when there is one.</param>
public sealed record Rejection(RejectionKind Kind, string Message, string? Field = null)
{
    public static Rejection Invalid(string field, string message) => new(RejectionKind.InvalidInput, message, field);
    public static Rejection Conflict(string message) => new(RejectionKind.Conflict, message);
}
