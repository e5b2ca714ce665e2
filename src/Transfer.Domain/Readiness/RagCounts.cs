using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;

namespace Transfer.Domain.Readiness;

public sealed record RagCounts(int Red, int Amber, int Green, int None)
{
    public static readonly RagCounts Zero = new(0, 0, 0, 0);

    public static RagCounts Of(IEnumerable<Rag> rags) => rags.Aggregate(Zero, (counts, rag) => counts.Add(rag));

    public RagCounts Add(Rag rag) => rag switch
    {
        Rag.Red => this with { Red = Red + 1 },
        Rag.Amber => this with { Amber = Amber + 1 },
        Rag.Green => this with { Green = Green + 1 },
        _ => this with { None = None + 1 },
    };

    public static RagCounts operator +(RagCounts a, RagCounts b) => new(a.Red + b.Red, a.Amber + b.Amber, a.Green + b.Green, a.None + b.None);
}
