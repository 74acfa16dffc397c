using System.Net;

namespace CallControl.Sdk;

/// <summary>The outcome of a park: where the call is parked. Its <see cref="CallParty.Number"/> retrieves the call.</summary>
/// <remarks>The constructor is public so that code using the client can be tested with a hand-made result.</remarks>
public sealed class ParkResult
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="statusCode">The 2xx status code Webex answered with.</param>
    /// <param name="parkedAgainst">Where the call is parked, if Webex returned it.</param>
    /// <param name="trackingId">The Webex tracking id of the operation.</param>
    public ParkResult(HttpStatusCode statusCode, CallParty? parkedAgainst, string? trackingId)
    {
        StatusCode = statusCode;
        ParkedAgainst = parkedAgainst;
        TrackingId = trackingId;
    }

    /// <summary>Gets the success status code (200 OK).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>
    /// Gets the party the call is parked against; pass its <see cref="CallParty.Number"/> to
    /// <see cref="RetrieveRequest"/>. <see langword="null"/> when Webex answered without a readable body (the call was still parked).
    /// </summary>
    public CallParty? ParkedAgainst { get; }

    /// <summary>Gets the Webex <c>TrackingID</c> of the operation: quote it to Webex support.</summary>
    public string? TrackingId { get; }

    /// <inheritdoc/>
    public override string ToString() => $"Parked ({(int)StatusCode}) against {ParkedAgainst?.Number ?? "(unknown)"}, TrackingID={TrackingId}";
}
