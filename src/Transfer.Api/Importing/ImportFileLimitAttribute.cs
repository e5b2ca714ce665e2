namespace Transfer.Api.Importing;

/// <summary>An import's file may be larger than another request's body: <c>Imports:MaxBytes</c>, 20 MB unless configured.</summary>
public sealed class ImportFileLimitAttribute : BodyLimitAttribute
{
    public const string Setting = "Imports:MaxBytes";
    public const long DefaultBytes = 20 * 1000 * 1000;

    public override long Bytes(IConfiguration configuration) => configuration.GetValue(Setting, DefaultBytes);
}
