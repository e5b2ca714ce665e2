namespace Transfer.Api.Tests.Support.Views;

/// <summary>The answer to POST /api/imports/{kind} (201, or 200 for a dry run): how many rows were read and events stored.</summary>
public sealed record ImportAnswer(string ImportId, string Kind, int Rows, int Events);

/// <summary>GET /api/imports/{importId}: the answer, and the file's name (null unless uploaded as a form field), when and by whom.</summary>
public sealed record ImportRecord(string ImportId, string Kind, int Rows, int Events, string? FileName, string RecordedAt, string RecordedBy);
