namespace Transfer.Api.Security;

public static class Roles
{
    public const string Pmo = "pmo";
    public const string Chair = "chair";
    public const string Auditor = "auditor";
    /// <summary>A ministry or national auditor: reads any county's boards and audit with ?county=, never writes.</summary>
    public const string National = "national";

    public static readonly string[] All = [Pmo, Chair, Auditor, National];

    /// <summary>For [Authorize(Roles = ...)]: posting anything.</summary>
    public const string Writers = Pmo;
    /// <summary>For [Authorize(Roles = ...)]: reading the boards.</summary>
    public const string Readers = Pmo + "," + Chair + "," + Auditor + "," + National;
    /// <summary>For [Authorize(Roles = ...)]: history and the audit routes.</summary>
    public const string Auditors = Auditor + "," + Pmo + "," + National;
}
