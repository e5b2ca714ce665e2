namespace Transfer.Api;

/// <summary>The business areas the routes are grouped by, as the contract (docs/api.md) groups them; each room tags its routes with one.</summary>
public static class ApiTags
{
    public const string ReferenceData = "Reference data";
    public const string WorkstreamEvents = "Workstream events";
    public const string StatusViews = "Status views";
    public const string OverTime = "Status over time";
    public const string Audit = "Audit";
    public const string Counties = "Counties";
    public const string Subscriptions = "Subscriptions";
    public const string SignIn = "Sign-in";
    public const string Operations = HealthRoutes.Tag;

    public static readonly IReadOnlyList<(string Name, string Description)> All =
    [
        (ReferenceData, "The organisations, working groups and workstreams the PMO registers, and each workstream's targets and due date. Role pmo to write."),
        (WorkstreamEvents, "What happened in a workstream: a contract transferred, a system unified, staff data received, a decision made, " +
                           "a status assessed, an item retracted. Each is one event appended to the workstream's history, never edited. Role pmo."),
        (StatusViews, "The RAG boards derived from the events, for any business date (asOf) and as known at any instant (knownAt). Any role."),
        (OverTime, "The boards week by week, for the dashboard's charts (each series one request, each point exactly that day's board), " +
                   "and what changed colour between two dates with the events that caused it. Any role."),
        (Audit, "The recorded history as it was posted, the whole event log (JSON, CSV or Excel), and the check that nothing was altered. Role auditor or pmo."),
        (Counties, "The wellbeing counties an installation serves, and the national roll-up of their portfolios. Each token acts in its own " +
                   "county (its county claim); the national role reads any county's status and audit routes with ?county=<id>, and never writes."),
        (Subscriptions, "Be told when a workstream, a working group or an organisation turns red, changes colour or has a due date near: " +
                        "in your inbox and, signed, at a webhook, delivered through a durable outbox with retries. Each user sees only their own. Any role."),
        (SignIn, "People sign in through their county's OpenID Connect provider into a session (the dashboard holds no token); " +
                 "API clients send that provider's access tokens as bearer tokens. Who is calling, and signing out."),
        (Operations, "Health checks for orchestrators and load balancers. No token."),
    ];
}
