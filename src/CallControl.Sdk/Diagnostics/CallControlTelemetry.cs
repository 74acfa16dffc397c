using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CallControl.Sdk;

/// <summary>
/// The names under which the SDK publishes traces and metrics, for OpenTelemetry configuration
/// (<c>AddSource(CallControlTelemetry.SourceName)</c>, <c>AddMeter(CallControlTelemetry.MeterName)</c>). See docs/observability.md.
/// </summary>
public static class CallControlTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> name: one span per operation.</summary>
    public const string SourceName = "CallControl.Sdk";

    /// <summary>The <see cref="Meter"/> name.</summary>
    public const string MeterName = "CallControl.Sdk";

    /// <summary>Histogram of operation durations in seconds, waits included.</summary>
    public const string OperationDuration = "callcontrol.operation.duration";

    /// <summary>Histogram of attempts per operation.</summary>
    public const string OperationAttempts = "callcontrol.operation.attempts";

    /// <summary>Histogram of each retry's delay in seconds.</summary>
    public const string RetryDelay = "callcontrol.retry.delay";

    /// <summary>Histogram of time spent waiting at the shared rate-limit gate, in seconds.</summary>
    public const string RateLimitWait = "callcontrol.rate_limit.wait";

    /// <summary>Counter of finished operations by <c>callcontrol.outcome</c> (success, failure, unknown, cancelled, cancelled_unknown, disposed), with <c>error.type</c> on failure.</summary>
    public const string Operations = "callcontrol.operations";

    /// <summary>Counter of Webex's rate-limit answers (429 and 423), by <c>http.response.status_code</c>.</summary>
    public const string RateLimitResponses = "callcontrol.rate_limit.responses";

    /// <summary>Counter of retries the SDK scheduled, by <c>callcontrol.retry.reason</c>.</summary>
    public const string Retries = "callcontrol.retries";

    /// <summary>Counter of requests to the token endpoint by <c>callcontrol.outcome</c> (success, failure), and of tokens taken from the token store (<c>stored</c>).</summary>
    public const string TokenRefreshes = "callcontrol.token.refreshes";

    /// <summary>Gauge of the rate-limit gates set in clients' options, by <c>callcontrol.rate_limit.gate.mode</c> (in_process, shared, fallback).</summary>
    public const string RateLimitGates = "callcontrol.rate_limit.gates";

    /// <summary>Counter of call event deliveries accepted (package <c>CallControl.Sdk.AspNetCore</c>), by <c>callcontrol.events.endpoint</c>.</summary>
    public const string EventsAccepted = "callcontrol.events.accepted";

    /// <summary>Counter of call event deliveries refused, by <c>callcontrol.events.endpoint</c> and <c>callcontrol.events.reason</c>.</summary>
    public const string EventsRejected = "callcontrol.events.rejected";

    /// <summary>Gauge of call events accepted and not yet handled, by <c>callcontrol.events.endpoint</c>.</summary>
    public const string EventsQueueDepth = "callcontrol.events.queue.depth";
}
