using System.Net;

namespace CallControl.Sdk;

/// <summary>The outcome of a command that Webex accepted without returning data (204): answer, hangup, hold, divert, ...</summary>
/// <remarks>The constructor is public so that code using the client can be tested with a hand-made result.</remarks>
public sealed class CallCommandResult
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="statusCode">The 2xx status code Webex answered with.</param>
    /// <param name="trackingId">The Webex tracking id of the operation.</param>
    public CallCommandResult(HttpStatusCode statusCode, string? trackingId)
    {
        StatusCode = statusCode;
        TrackingId = trackingId;
    }

    /// <summary>Gets the success status code (204 No Content).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets the Webex <c>TrackingID</c> of the operation: quote it to Webex support.</summary>
    public string? TrackingId { get; }

    /// <inheritdoc/>
    public override string ToString() => $"Succeeded ({(int)StatusCode}), TrackingID={TrackingId}";
}
