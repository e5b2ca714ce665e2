namespace Transfer.Api.Workstreams.Listing;

/// <summary>How many workstreams one page of the list holds.</summary>
public sealed class WorkstreamPageSizeParameterAttribute : DescribesParametersAttribute
{
    public override IEnumerable<ParameterText> Parameters =>
        [new("limit", $"Workstreams per page, 1 to {ListWorkstreamsEndpoint.MaxPage} (default 100).", ParameterSchemas.Integer(1, ListWorkstreamsEndpoint.MaxPage))];
}
