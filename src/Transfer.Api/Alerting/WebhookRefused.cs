using System.Net;

namespace Transfer.Api.Alerting;

/// <summary>A receiver that answered with an error status: tried again later, as a refused connection or a time-out is.</summary>
public sealed class WebhookRefused(HttpStatusCode status) : Exception($"The webhook answered {(int)status} {status}.");
