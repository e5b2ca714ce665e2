namespace Transfer.Domain.Common;

/// <summary>Ordered from best to worst, so that "worst" is the maximum.</summary>
public enum Rag
{
    None = 0,
    Green = 1,
    Amber = 2,
    Red = 3,
}
