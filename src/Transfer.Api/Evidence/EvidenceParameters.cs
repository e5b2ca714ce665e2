namespace Transfer.Api.Evidence;

// The parameters of the evidence routes, each family described on the routes that read it.

/// <summary>Which checkpoint: the one made last at or before ?at=.</summary>
public sealed class CheckpointParametersAttribute : DescribesParametersAttribute
{
    public override IEnumerable<ParameterText> Parameters =>
        [new("at", "The checkpoint made last at or before this instant (with its offset); default the latest.", ParameterSchemas.Instant())];
}

/// <summary>A proof's leaf and tree sizes.</summary>
public sealed class ProofParametersAttribute : DescribesParametersAttribute
{
    public override IEnumerable<ParameterText> Parameters =>
    [
        new("index", "The event's place in the county's log, from 0.", ParameterSchemas.Integer(0, null)),
        new("size", "The tree's size: the events a checkpoint holds, at most the log's current size.", ParameterSchemas.Integer(1, null)),
        new("from", "The earlier tree's size: the events an earlier checkpoint holds.", ParameterSchemas.Integer(1, null)),
    ];
}

/// <summary>The period an evidence bundle covers, by when its events were recorded.</summary>
public sealed class EvidencePeriodParametersAttribute : DescribesParametersAttribute
{
    public override IEnumerable<ParameterText> Parameters =>
    [
        new("from", "Only events recorded at or after this instant (with its offset).", ParameterSchemas.Instant()),
        new("to", "Only events recorded at or before this instant (with its offset).", ParameterSchemas.Instant()),
    ];
}
