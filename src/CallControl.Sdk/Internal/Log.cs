using Microsoft.Extensions.Logging;

namespace CallControl.Sdk.Internal;

/// <summary>
/// Every log line the SDK writes (event ids documented in docs/observability.md). No line ever takes a token or a
/// secret as a parameter, so none can print one.
/// </summary>
internal static partial class Log
{
    internal const string Category = "CallControl.Sdk";

    /// <summary>
    /// The rare lines about the client's life rather than its calls (reload, token refresh), in a category of their
    /// own, so an app can keep them at Information while it turns the calls' category down to Warning.
    /// </summary>
    internal const string LifecycleCategory = "CallControl.Sdk.Lifecycle";

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Sending {Operation} ({Method} {Path}), attempt {Attempt}. TrackingID {TrackingId}")]
    internal static partial void Sending(ILogger logger, string operation, string method, string path, int attempt, string trackingId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Operation} succeeded with {StatusCode} after {Attempts} attempt(s) in {ElapsedMs} ms. TrackingID {TrackingId}")]
    internal static partial void Succeeded(ILogger logger, string operation, int statusCode, int attempts, long elapsedMs, string trackingId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Operation} got {Outcome} on attempt {Attempt}; retrying in {DelayMs} ms. TrackingID {TrackingId}")]
    internal static partial void Retrying(ILogger logger, string operation, string outcome, int attempt, long delayMs, string trackingId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Operation} failed ({Failure}) after {Attempts} attempt(s) in {ElapsedMs} ms; outcome unknown: {OutcomeUnknown}. TrackingID {TrackingId}")]
    internal static partial void Failed(ILogger logger, string operation, string failure, int attempts, long elapsedMs, bool outcomeUnknown, string trackingId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "{Operation} waited {DelayMs} ms at the shared rate-limit gate (a 429 closed it, or set the pace it lets calls through at). TrackingID {TrackingId}")]
    internal static partial void WaitedAtGate(ILogger logger, string operation, long delayMs, string trackingId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "{Operation} got 401; refreshing the access token and sending once more. TrackingID {TrackingId}")]
    internal static partial void RefreshingAfter401(ILogger logger, string operation, string trackingId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{Operation} succeeded with {StatusCode} but its body had no readable id; it happened, the id is unknown. TrackingID {TrackingId}")]
    internal static partial void CreatedWithoutIds(ILogger logger, string operation, int statusCode, string trackingId);

    [LoggerMessage(EventId = 8, Message = "{Operation} was cancelled by the caller after {Attempts} attempt(s); outcome unknown: {OutcomeUnknown}. TrackingID {TrackingId}")]
    internal static partial void Canceled(ILogger logger, LogLevel level, string operation, int attempts, bool outcomeUnknown, string trackingId);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "A handler in the HttpClient pipeline tried to send {Operation} a second time; the SDK refused the resend. Outcome unknown: {OutcomeUnknown}. TrackingID {TrackingId}")]
    internal static partial void ResendRefused(ILogger logger, string operation, bool outcomeUnknown, string trackingId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "The options of CallControl client '{Name}' were reloaded; the next call uses them.")]
    internal static partial void OptionsReloaded(ILogger logger, string name);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "The reloaded options of CallControl client '{Name}' were not applied; the client keeps its previous ones: {Problems}")]
    internal static partial void ReloadRejected(ILogger logger, string name, string problems);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Refreshed the Webex access token at {Endpoint} ({StatusCode}). TrackingID {TrackingId}")]
    internal static partial void TokenRefreshed(ILogger logger, string endpoint, int statusCode, string trackingId);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Refreshing the Webex access token at {Endpoint} failed ({Failure}). TrackingID {TrackingId}")]
    internal static partial void TokenRefreshFailed(ILogger logger, string endpoint, string failure, string trackingId);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "{Operation} asked the rate-limit gate {Asks} times in {WaitedMs} ms without getting a turn; sending anyway (Webex's own 429 still limits it). TrackingID {TrackingId}")]
    internal static partial void GateGaveNoTurn(ILogger logger, string operation, int asks, long waitedMs, string trackingId);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "{Operation} is sent without the rate-limit gate: its store failed ({Reason}). TrackingID {TrackingId}")]
    internal static partial void GateFailed(ILogger logger, string operation, string reason, string trackingId);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "{Operation}'s unknown outcome resolved as {Outcome}: {Evidence}. TrackingID {TrackingId}")]
    internal static partial void OutcomeResolved(ILogger logger, string operation, CommandOutcome outcome, string evidence, string trackingId);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "The token store ({Store}) failed ({Reason}); the provider refreshes with the tokens it holds")]
    internal static partial void TokenStoreFailed(ILogger logger, string store, string reason);
}
