using System.Net;

namespace CallControl.Sdk;

/// <summary>The outcome of a command that places a new call (dial, retrieve, pickup, barge-in): 201 with the new call's ids.</summary>
/// <remarks>The constructor is public so that code using the client can be tested with a hand-made result.</remarks>
public sealed class CallCreatedResult
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="statusCode">The 2xx status code Webex answered with.</param>
    /// <param name="callId">The new call's id, if Webex returned it.</param>
    /// <param name="callSessionId">The new call's session id, if Webex returned it.</param>
    /// <param name="trackingId">The Webex tracking id of the operation.</param>
    public CallCreatedResult(HttpStatusCode statusCode, string? callId, string? callSessionId, string? trackingId)
    {
        StatusCode = statusCode;
        CallId = callId;
        CallSessionId = callSessionId;
        TrackingId = trackingId;
    }

    /// <summary>Gets the success status code (201 Created).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>
    /// Gets the id of the new call, for every later command on it. <see langword="null"/> when Webex answered 201
    /// without a readable body: the call was still placed (find it with <see cref="CallControlClient.ListCallsAsync(CancellationToken)"/>).
    /// </summary>
    public string? CallId { get; }

    /// <summary>Gets the id of the call session the new call belongs to, if Webex returned it.</summary>
    public string? CallSessionId { get; }

    /// <summary>Gets the Webex <c>TrackingID</c> of the operation: quote it to Webex support.</summary>
    public string? TrackingId { get; }

    /// <inheritdoc/>
    public override string ToString() => $"Call created ({(int)StatusCode}), callId={CallId ?? "(unknown)"}, TrackingID={TrackingId}";
}
