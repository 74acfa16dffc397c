using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>A request that names one webhook: to read it (<see cref="CallControlClient.GetWebhookAsync(WebhookRequest, CancellationToken)"/>) or delete it.</summary>
/// <example><code>await client.DeleteWebhookAsync(new WebhookRequest(webhookId).WithTrackingId("deploy-42"), cancellationToken);</code></example>
public sealed record WebhookRequest
{
    /// <summary>Creates a request for the webhook <paramref name="webhookId"/>.</summary>
    /// <param name="webhookId">The webhook's id.</param>
    /// <exception cref="CallControlRequestValidationException">The id is null, empty, whitespace, too long or has control characters.</exception>
    public WebhookRequest(string webhookId) => WebhookId = RequestRules.RequireId(webhookId, "webhookId", "it names the webhook", "webhook");

    /// <summary>Gets the webhook's id.</summary>
    public string WebhookId { get; }

    /// <summary>
    /// Gets the caller-supplied <c>TrackingID</c> header value, or <see langword="null"/> to let the client generate
    /// a unique one for the operation.
    /// </summary>
    public string? TrackingId { get; private init; }

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public WebhookRequest WithTrackingId(string trackingId) => this with { TrackingId = RequestRules.RequireTrackingId(trackingId, "webhook") };
}
