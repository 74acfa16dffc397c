using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>A request for the details of one of the user's active calls.</summary>
/// <example><code>var call = await client.GetCallAsync(new GetCallRequest(callId).WithTrackingId("crm-4711"), cancellationToken);</code></example>
public sealed record GetCallRequest
{
    /// <summary>Creates a request for the call <paramref name="callId"/>.</summary>
    /// <param name="callId">The call (an id from <see cref="CallControlClient.ListCallsAsync(CancellationToken)"/>, a dial or a webhook).</param>
    /// <exception cref="CallControlRequestValidationException">The call id is null, empty, whitespace, too long or has control characters.</exception>
    public GetCallRequest(string callId) => CallId = RequestRules.RequireId(callId, "callId", "it names the call to read", "getCall");

    /// <summary>Gets the call to read.</summary>
    public string CallId { get; }

    /// <summary>
    /// Gets the caller-supplied <c>TrackingID</c> header value, or <see langword="null"/> to let the client generate
    /// a unique one for the operation.
    /// </summary>
    public string? TrackingId { get; private init; }

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public GetCallRequest WithTrackingId(string trackingId) => this with { TrackingId = RequestRules.RequireTrackingId(trackingId, "getCall") };
}
