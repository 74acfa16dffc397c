using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>A request to list the user's active calls. It has nothing to say but, optionally, its <c>TrackingID</c>.</summary>
/// <example><code>var calls = await client.ListCallsAsync(new ListCallsRequest().WithTrackingId("crm-4711"), cancellationToken);</code></example>
public sealed record ListCallsRequest
{
    /// <summary>
    /// Gets the caller-supplied <c>TrackingID</c> header value, or <see langword="null"/> to let the client generate
    /// a unique one for the operation.
    /// </summary>
    public string? TrackingId { get; private init; }

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public ListCallsRequest WithTrackingId(string trackingId) => this with { TrackingId = RequestRules.RequireTrackingId(trackingId, "listCalls") };
}
