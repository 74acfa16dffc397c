using CallControl.Sdk;
using CallControl.Sdk.AspNetCore;

namespace CallControl.Webhooks;

/// <summary>Applies each event to the app's tracker (duplicates and late events change nothing) and logs it.</summary>
public sealed partial class TrackingHandler(CallEventTracker tracker, ILogger<TrackingHandler> logger) : ICallEventHandler
{
    /// <inheritdoc/>
    public Task HandleAsync(CallEvent callEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callEvent);
        var applied = tracker.Apply(callEvent);
        LogEvent(logger, callEvent.EventType, callEvent.CallId, applied);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{EventType} of call {CallId} (applied: {Applied})")]
    private static partial void LogEvent(ILogger logger, CallEventType eventType, string callId, bool applied);
}
