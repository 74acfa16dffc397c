using Microsoft.Extensions.Logging;
using Polly;

namespace CallControl.Sdk.Internal;

/// <summary>
/// Polly's retry pipeline for one set of retry options, built when an answer is first retried (or with the client,
/// for strategies of the caller's own) and shared by the per-user executors of one registration. A type of its own
/// rather than a <see cref="Lazy{T}"/> of Polly's: an executor holds it without loading Polly, so a process whose
/// calls succeed never does.
/// </summary>
internal sealed class LazyRetryPipeline(CallControlRetryOptions options, TimeProvider timeProvider, Func<double> random, ILogger logger)
{
    private ResiliencePipeline<HttpResponseMessage>? _value;

    internal bool IsValueCreated => Volatile.Read(ref _value) is not null;

    /// <summary>The pipeline, built on first use (two racing first uses build two; one is kept, and both are equivalent).</summary>
    internal ResiliencePipeline<HttpResponseMessage> Value
    {
        get
        {
            if (Volatile.Read(ref _value) is { } built)
            {
                return built;
            }

            var pipeline = RetryPipeline.Create(options, timeProvider, random, OnRetry);
            return Interlocked.CompareExchange(ref _value, pipeline, null) ?? pipeline;
        }
    }

    /// <summary>Builds the pipeline now (a method without Polly in its signature, for code that must not load Polly).</summary>
    internal void EnsureBuilt() => _ = Value;

    private void OnRetry(OperationState state, Outcome<HttpResponseMessage> outcome, TimeSpan delay)
    {
        var what = outcome.Exception is { } ex ? ex.GetType().Name : ((int)outcome.Result!.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Log.Retrying(logger, state.Operation.Name, what, state.Attempts, (long)delay.TotalMilliseconds, state.TrackingId);
        Telemetry.Delays.Record(delay.TotalSeconds, new KeyValuePair<string, object?>("callcontrol.operation", state.Operation.Name), new KeyValuePair<string, object?>("callcontrol.retry.reason", what));
    }
}
