using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CallControl.Sdk.Internal;

/// <summary>The SDK's <see cref="ActivitySource"/> and <see cref="Meter"/> with its instruments (their names are <see cref="CallControlTelemetry"/>'s).</summary>
internal static class Telemetry
{
    internal static readonly ActivitySource Source = new(CallControlTelemetry.SourceName, SdkInfo.Version);
    internal static readonly Meter Meter = new(CallControlTelemetry.MeterName, SdkInfo.Version);
    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(CallControlTelemetry.OperationDuration, "s", "Duration of Call Control operations, retries and waits included.");
    internal static readonly Histogram<int> Attempts = Meter.CreateHistogram<int>(CallControlTelemetry.OperationAttempts, "{attempt}", "Attempts per Call Control operation.");
    internal static readonly Histogram<double> Delays = Meter.CreateHistogram<double>(CallControlTelemetry.RetryDelay, "s", "Delay before each retry.");
    internal static readonly Histogram<double> GateWaits = Meter.CreateHistogram<double>(CallControlTelemetry.RateLimitWait, "s", "Time waited at the shared rate-limit gate.");
    internal static readonly Counter<long> Operations = Meter.CreateCounter<long>(CallControlTelemetry.Operations, "{operation}", "Call Control operations, by outcome.");
    internal static readonly Counter<long> RateLimitResponses = Meter.CreateCounter<long>(CallControlTelemetry.RateLimitResponses, "{response}", "429 and 423 answers from Webex.");
    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(CallControlTelemetry.Retries, "{retry}", "Retries scheduled.");
    internal static readonly Counter<long> TokenRefreshes = Meter.CreateCounter<long>(CallControlTelemetry.TokenRefreshes, "{refresh}", "Token endpoint requests by outcome, and tokens taken from the token store.");
    internal static readonly ObservableGauge<int> Gates = Meter.CreateObservableGauge(CallControlTelemetry.RateLimitGates, GateModes.Observe, "{gate}", "Rate-limit gates set in clients' options, by mode.");
}

/// <summary>The gates set in clients' options (weakly held: a gate that is no longer used is not counted), for the gate mode gauge.</summary>
internal static class GateModes
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CallControlRateLimitGate, object> Attached = new();

    internal static void Add(CallControlRateLimitGate gate) => Attached.TryAdd(gate, gate);

    internal static IEnumerable<Measurement<int>> Observe()
    {
        int inProcess = 0, shared = 0, fallback = 0;
        foreach (var (gate, _) in Attached)
        {
            switch (gate.Mode)
            {
                case RateLimitGateMode.Shared: shared++; break;
                case RateLimitGateMode.Fallback: fallback++; break;
                default: inProcess++; break;
            }
        }

        return
        [
            new(inProcess, new KeyValuePair<string, object?>("callcontrol.rate_limit.gate.mode", "in_process")),
            new(shared, new KeyValuePair<string, object?>("callcontrol.rate_limit.gate.mode", "shared")),
            new(fallback, new KeyValuePair<string, object?>("callcontrol.rate_limit.gate.mode", "fallback")),
        ];
    }
}

/// <summary>
/// Creates <see cref="Telemetry"/> on a short-lived thread of its own when the first client is built, once per process.
/// In a new process that loads System.Diagnostics.DiagnosticSource and compiles the histograms' generic code (figures
/// in docs/benchmarks.md); off the caller's thread, that overlaps the client's own start instead of delaying the first call. An operation that arrives first creates it itself, or waits for the
/// thread that is.
/// </summary>
/// <remarks>
/// A thread of its own rather than the pool's: it runs at once even when the pool is starved at startup (sync over
/// async), and a process that never queued work does not pay for starting the pool. Where threads cannot
/// be started (browser, WASI), the first operation creates it. A class of its own: touching a static field of
/// <see cref="Telemetry"/> here would create it on the caller's thread.
/// </remarks>
internal static class TelemetryStart
{
    private static int _started;

    internal static void InBackground()
    {
        if (OperatingSystem.IsBrowser() || OperatingSystem.IsWasi() || Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        new Thread(static () => _ = Telemetry.Source) { IsBackground = true, Name = "CallControl.Sdk telemetry" }.UnsafeStart();
    }
}
