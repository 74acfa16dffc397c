using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>A request to list the webhooks on call events. It has nothing to say but, optionally, its <c>TrackingID</c> (kept on every page).</summary>
public sealed record ListCallWebhooksRequest
{
    /// <summary>
    /// Gets the caller-supplied <c>TrackingID</c> header value, or <see langword="null"/> to let the client generate
    /// a unique one for each page.
    /// </summary>
    public string? TrackingId { get; private init; }

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is sent on every attempt of every page.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public ListCallWebhooksRequest WithTrackingId(string trackingId) => this with { TrackingId = RequestRules.RequireTrackingId(trackingId, "listCallWebhooks") };
}
