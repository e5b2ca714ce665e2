using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Transfer.Api.Alerting;

/// <summary>
/// Retries a failed delivery (an error status, a refused connection, a time-out) with back-off, as configured in
/// <see cref="WebhookSettings.Retries"/>: the first two inline, the later ones scheduled, then to the dead letters.
/// </summary>
public sealed class WebhookRetryPolicy : IHandlerPolicy
{
    public void Apply(IReadOnlyList<HandlerChain> chains, JasperFx.CodeGeneration.GenerationRules rules, JasperFx.IServiceContainer container)
    {
        var delays = container.Services.GetRequiredService<WebhookSettings>().RetryDelays.ToArray();
        foreach (var chain in chains.Where(chain => chain.MessageType == typeof(DeliverNotification)))
        {
            var failures = chain.OnException<HttpRequestException>().Or<WebhookRefused>().Or<TaskCanceledException>();
            if (delays.Length == 0) { failures.MoveToErrorQueue(); continue; }
            var inline = failures.RetryWithCooldown(delays.Take(2).ToArray());
            if (delays.Length > 2) inline.Then.ScheduleRetry(delays.Skip(2).ToArray()).Then.MoveToErrorQueue();
            else inline.Then.MoveToErrorQueue();
        }
    }
}
