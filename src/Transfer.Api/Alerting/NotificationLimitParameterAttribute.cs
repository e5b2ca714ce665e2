namespace Transfer.Api.Alerting;

/// <summary>How many of a user's notifications one read answers.</summary>
public sealed class NotificationLimitParameterAttribute : DescribesParametersAttribute
{
    public override IEnumerable<ParameterText> Parameters =>
    [
        new("limit", $"Notifications to answer, newest first, 1 to {SubscriptionEndpoints.MaxNotifications} (default 50).",
            ParameterSchemas.Integer(1, SubscriptionEndpoints.MaxNotifications)),
    ];
}
