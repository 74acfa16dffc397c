using System.Net;

namespace CallControl.Sdk;

/// <summary>The outcome of a transfer that Webex accepted.</summary>
/// <remarks>The constructor is public so that code using the client can be tested with a hand-made result.</remarks>
public sealed class TransferResult
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="kind">The kind of transfer performed.</param>
    /// <param name="statusCode">The 2xx status code Webex answered with.</param>
    /// <param name="callId">The new call's id (mute transfer), if Webex returned it.</param>
    /// <param name="callSessionId">The new call's session id (mute transfer), if Webex returned it.</param>
    /// <param name="trackingId">The Webex tracking id of the operation.</param>
    public TransferResult(TransferKind kind, HttpStatusCode statusCode, string? callId, string? callSessionId, string? trackingId)
    {
        Kind = kind;
        StatusCode = statusCode;
        CallId = callId;
        CallSessionId = callSessionId;
        TrackingId = trackingId;
    }

    /// <summary>Gets the kind of transfer performed.</summary>
    public TransferKind Kind { get; }

    /// <summary>Gets the success status code: 204 for attended and automatic transfers, 201 for a mute transfer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>
    /// Gets the id of the new call to the destination of a mute transfer, from the 201 body. <see langword="null"/>
    /// for other kinds, or when Webex answered 201 without a readable body (the transfer still happened).
    /// </summary>
    public string? CallId { get; }

    /// <summary>Gets the session id of the new call of a mute transfer, from the 201 body; otherwise <see langword="null"/>.</summary>
    public string? CallSessionId { get; }

    /// <summary>Gets the Webex <c>TrackingID</c> of the operation: quote it to Webex support.</summary>
    public string? TrackingId { get; }

    /// <inheritdoc/>
    public override string ToString()
        => $"{Kind} transfer succeeded ({(int)StatusCode}){(CallId is null ? string.Empty : $", callId={CallId}")}, TrackingID={TrackingId}";
}
