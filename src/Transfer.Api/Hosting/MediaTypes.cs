namespace Transfer.Api.Hosting;

/// <summary>The media types of the files the API reads and writes besides JSON.</summary>
public static class MediaTypes
{
    public const string Csv = "text/csv";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
