using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallControl.Sdk.Internal;

/// <summary>
/// Observes operations, never changes them: the span of each (Internal: the logical operation; the HttpClient's
/// spans below it are the Client spans, one per send), its metrics and its closing log line.
/// </summary>
internal sealed class OperationTelemetry(ILogger logger, TimeProvider timeProvider)
{
    /// <summary>Starts the operation's span, or returns null when nothing listens.</summary>
    internal static Activity? Start(OperationRun run)
    {
        if (!Telemetry.Source.HasListeners())
        {
            return null;
        }

        var activity = Telemetry.Source.StartActivity(run.Operation.ActivityName, ActivityKind.Internal);
        activity?.SetTag("callcontrol.operation", run.Operation.Name);
        activity?.SetTag("callcontrol.tracking_id", run.TrackingId);
        activity?.SetTag("http.request.method", run.Operation.Method);
        return activity;
    }

    /// <summary>Records the operation's end: its duration and attempts, its log line, and its span's outcome.</summary>
    internal void Completed(OperationRun run, Activity? activity, int? statusCode, Exception? failure)
    {
        var operation = run.Operation;
        var metrics = Telemetry.Duration.Enabled || Telemetry.Attempts.Enabled || Telemetry.Operations.Enabled;
        var logged = failure is not null || logger.IsEnabled(LogLevel.Debug);

        // The clock is read only when a metric or a log line will carry the duration.
        var elapsed = metrics || logged ? timeProvider.GetElapsedTime(run.StartedAt) : TimeSpan.Zero;
        if (metrics)
        {
            // Guarded: building the tags boxes the status code, a cost every call would pay with no listener.
            var operationTag = new KeyValuePair<string, object?>("callcontrol.operation", operation.Name);
            var outcomeTag = new KeyValuePair<string, object?>("callcontrol.outcome", OutcomeName(failure));
            if (statusCode is { } status)
            {
                Telemetry.Duration.Record(elapsed.TotalSeconds, operationTag, outcomeTag, new KeyValuePair<string, object?>("http.response.status_code", status));
            }
            else
            {
                // No status (a transport failure, a cancellation): the tag is left out, never recorded empty.
                Telemetry.Duration.Record(elapsed.TotalSeconds, operationTag, outcomeTag);
            }

            Telemetry.Attempts.Record(run.Attempts, operationTag, outcomeTag);
            if (failure is null or OperationCanceledException)
            {
                Telemetry.Operations.Add(1, operationTag, outcomeTag);
            }
            else
            {
                Telemetry.Operations.Add(1, operationTag, outcomeTag, new KeyValuePair<string, object?>("error.type", statusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? failure.GetType().Name));
            }
        }

        if (failure is null && logged)
        {
            Log.Succeeded(logger, operation.Name, statusCode ?? 0, run.Attempts, (long)elapsed.TotalMilliseconds, run.TrackingId);
        }
        else if (failure is not (null or OperationCanceledException))
        {
            Log.Failed(logger, operation.Name, statusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? failure.GetType().Name, run.Attempts, (long)elapsed.TotalMilliseconds, (failure as CallControlException)?.OutcomeUnknown == true, run.TrackingId);
        }

        if (activity is null)
        {
            return;
        }

        activity.SetTag("callcontrol.attempts", run.Attempts);
        if (statusCode is { } code)
        {
            activity.SetTag("http.response.status_code", code);
        }

        if (failure is OperationCanceledException)
        {
            // The caller's choice, not an error (OpenTelemetry): the status stays Unset; the outcome says what happened.
            activity.SetTag("callcontrol.outcome", OutcomeName(failure));
            activity.SetTag("callcontrol.outcome_unknown", (failure as CallControlOperationCanceledException)?.OutcomeUnknown == true);
        }
        else if (failure is not null)
        {
            activity.SetTag("error.type", statusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? failure.GetType().FullName);
            activity.SetTag("callcontrol.outcome_unknown", (failure as CallControlException)?.OutcomeUnknown == true);
            activity.SetStatus(ActivityStatusCode.Error, $"{operation.Name} failed");
        }
    }

    private static string OutcomeName(Exception? failure) => failure switch
    {
        null => "success",
        CallControlOperationCanceledException { OutcomeUnknown: true } => "cancelled_unknown",
        OperationCanceledException => "cancelled",
        ObjectDisposedException => "disposed",
        CallControlException { OutcomeUnknown: true } => "unknown",
        _ => "failure",
    };
}
