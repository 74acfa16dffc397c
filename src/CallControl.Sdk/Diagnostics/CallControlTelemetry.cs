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
}
