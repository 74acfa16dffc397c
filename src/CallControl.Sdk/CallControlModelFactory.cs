using System.Net;

namespace CallControl.Sdk;

/// <summary>
/// Builds the SDK's results and exceptions with every property set, for tests of code that uses a mocked
/// <see cref="CallControlClient"/> (the Azure SDK's <c>ModelFactory</c> pattern). Models whose properties are
/// <c>init</c> (<see cref="CallDetails"/>, <see cref="CallParty"/>, <see cref="CallHistoryRecord"/>) are built with
/// an object initializer instead.
/// </summary>
public static class CallControlModelFactory
{
    /// <summary>A transfer's result.</summary>
    /// <param name="kind">The kind of transfer.</param>
    /// <param name="statusCode">204, or 201 for a mute transfer.</param>
    /// <param name="callId">The new call's id (mute transfer).</param>
    /// <param name="callSessionId">The new call's session id (mute transfer).</param>
    /// <param name="trackingId">The TrackingID.</param>
    /// <returns>The result.</returns>
    public static TransferResult TransferResult(TransferKind kind = TransferKind.Attended, HttpStatusCode statusCode = HttpStatusCode.NoContent, string? callId = null, string? callSessionId = null, string? trackingId = "ROUTER_TEST")
        => new(kind, statusCode, callId, callSessionId, trackingId);

    /// <summary>The result of a command without data (204).</summary>
    /// <param name="statusCode">The status.</param>
    /// <param name="trackingId">The TrackingID.</param>
    /// <returns>The result.</returns>
    public static CallCommandResult CallCommandResult(HttpStatusCode statusCode = HttpStatusCode.NoContent, string? trackingId = "ROUTER_TEST")
        => new(statusCode, trackingId);

    /// <summary>The result of a command that placed a call (201).</summary>
    /// <param name="callId">The new call's id.</param>
    /// <param name="callSessionId">The new call's session id.</param>
    /// <param name="statusCode">The status.</param>
    /// <param name="trackingId">The TrackingID.</param>
    /// <returns>The result.</returns>
    public static CallCreatedResult CallCreatedResult(string? callId = "call-1", string? callSessionId = "session-1", HttpStatusCode statusCode = HttpStatusCode.Created, string? trackingId = "ROUTER_TEST")
        => new(statusCode, callId, callSessionId, trackingId);

    /// <summary>The result of a park (200).</summary>
    /// <param name="parkedAgainst">Where the call is parked.</param>
    /// <param name="statusCode">The status.</param>
    /// <param name="trackingId">The TrackingID.</param>
    /// <returns>The result.</returns>
    public static ParkResult ParkResult(CallParty? parkedAgainst = null, HttpStatusCode statusCode = HttpStatusCode.OK, string? trackingId = "ROUTER_TEST")
        => new(statusCode, parkedAgainst, trackingId);

    /// <summary>A transport failure, timeout or unreadable answer.</summary>
    /// <param name="message">The message.</param>
    /// <param name="outcomeUnknown">Whether the command may have been carried out.</param>
    /// <param name="attempts">Requests handed to the network.</param>
    /// <param name="trackingId">The TrackingID.</param>
    /// <param name="innerException">The cause.</param>
    /// <returns>The exception.</returns>
    public static CallControlException CallControlException(string message = "The Webex Call Control operation failed.", bool outcomeUnknown = false, int attempts = 1, string? trackingId = "ROUTER_TEST", Exception? innerException = null)
        => new(message, trackingId, outcomeUnknown, innerException) { Attempts = attempts };

    /// <summary>An error answer from Webex.</summary>
    /// <param name="statusCode">The status.</param>
    /// <param name="errorMessage">The <c>message</c> of the error body.</param>
    /// <param name="errors">The <c>errors</c> of the error body.</param>
    /// <param name="retryAfter">The server's Retry-After.</param>
    /// <param name="outcomeUnknown">Whether the command may have been carried out (as for 500, 502, 504).</param>
    /// <param name="attempts">Requests handed to the network.</param>
    /// <param name="trackingId">The TrackingID.</param>
    /// <param name="message">The exception message; by default one built from the status and <paramref name="errorMessage"/>.</param>
    /// <returns>The exception.</returns>
    public static CallControlApiException CallControlApiException(HttpStatusCode statusCode, string? errorMessage = null, IReadOnlyList<CallControlErrorDetail>? errors = null, TimeSpan? retryAfter = null, bool outcomeUnknown = false, int attempts = 1, string? trackingId = "ROUTER_TEST", string? message = null)
        => new(message ?? $"The Webex Call Control operation failed with {(int)statusCode}{(errorMessage is null ? string.Empty : ": " + errorMessage)}.", statusCode, errorMessage, errors, trackingId, retryAfter, outcomeUnknown) { Attempts = attempts };

    /// <summary>A failure to get a usable access token.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The token endpoint's status, if it answered.</param>
    /// <param name="attempts">Requests handed to the network (usually 0).</param>
    /// <param name="trackingId">The TrackingID.</param>
    /// <param name="innerException">The token provider's exception.</param>
    /// <returns>The exception.</returns>
    public static CallControlAuthenticationException CallControlAuthenticationException(string message = "Refreshing the Webex access token failed.", HttpStatusCode? statusCode = null, int attempts = 0, string? trackingId = "ROUTER_TEST", Exception? innerException = null)
        => new(message, statusCode, trackingId, innerException) { Attempts = attempts };

    /// <summary>A cancellation by the caller's token.</summary>
    /// <param name="outcomeUnknown">Whether the command was on the wire.</param>
    /// <param name="attempts">Requests handed to the network.</param>
    /// <param name="trackingId">The TrackingID.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The exception.</returns>
    public static CallControlOperationCanceledException CallControlOperationCanceledException(bool outcomeUnknown = false, int attempts = 0, string? trackingId = "ROUTER_TEST", CancellationToken cancellationToken = default)
        => new($"The Webex Call Control operation was cancelled by the caller{(outcomeUnknown ? " after the request was sent" : string.Empty)}.", trackingId, outcomeUnknown, attempts, null, cancellationToken);
}
