using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallControl.Sdk.AspNetCore;

/// <summary>
/// The call event endpoints' queues: healthy below half full, degraded from half full (the handler falls behind),
/// unhealthy when one is full (deliveries get 503 and Webex will retry or drop them) or the app is stopping.
/// </summary>
internal sealed class ReceiverQueueHealthCheck(CallEventReceivers receivers) : IHealthCheck
{
    internal const string Name = "callcontrol-events";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var all = receivers.All;
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var status = HealthStatus.Healthy;
        var worst = string.Empty;
        foreach (var receiver in all)
        {
            var queued = receiver.Queued;
            data[receiver.Pattern] = string.Create(CultureInfo.InvariantCulture, $"{queued}/{receiver.Capacity}");
            var mine = receiver.Stopped || queued >= receiver.Capacity ? HealthStatus.Unhealthy : queued * 2 >= receiver.Capacity ? HealthStatus.Degraded : HealthStatus.Healthy;
            if (mine < status)
            {
                (status, worst) = (mine, receiver.Stopped ? $"{receiver.Pattern} is stopping: deliveries get 503." : $"{receiver.Pattern} holds {queued} of {receiver.Capacity} events{(mine == HealthStatus.Unhealthy ? ": deliveries get 503" : ": the handler falls behind")}.");
            }
        }

        var description = all.Length == 0 ? "No call event endpoint is mapped." : status == HealthStatus.Healthy ? $"{all.Length} call event endpoint(s), each below half full." : worst;
        return Task.FromResult(new HealthCheckResult(status, description, data: data));
    }
}
