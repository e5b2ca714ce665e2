namespace Transfer.Api.Alerting;

/// <summary>Delivers one notification to its subscription's webhook: the message the durable outbox carries.</summary>
// The name it was first stored under in the durable inbox and the scheduled messages: kept, so messages stored
// before the rooms were renamed are still read.
[Wolverine.Attributes.MessageIdentity("Transfer.Api.Subscriptions.DeliverNotification")]
public sealed record DeliverNotification(string County, string NotificationId);
