using Transfer.Domain.Common;

namespace Transfer.Api.Boards;

/// <summary>A part of a workstream's colour that changed: its progress, or an assessed dimension.</summary>
/// <param name="Part">progress, deliverables, schedule, cost, benefits or risk.</param>
public sealed record PartChange(string Part, Rag Was, Rag Now);
