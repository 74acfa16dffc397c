using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>A change to a webhook. Webex lets a webhook's name, target, secret and status change; nothing else.</summary>
public sealed class CallWebhookUpdate
{
    private readonly string? _secret;

    /// <summary>Creates the change (Webex takes the name and target on every update).</summary>
    /// <param name="name">The name.</param>
    /// <param name="targetUrl">Where events are delivered: HTTPS, or HTTP to a loopback address.</param>
    /// <exception cref="CallControlRequestValidationException">The name or the URL breaks a rule; nothing is sent.</exception>
    public CallWebhookUpdate(string name, Uri targetUrl)
    {
        var violations = new List<RequestRules.Violation>(2);
        WebhookRules.CheckName(name, violations);
        WebhookRules.CheckTarget(targetUrl, violations);
        RequestRules.ThrowIfAny("updateWebhook", violations);
        Name = name;
        TargetUrl = targetUrl;
    }

    /// <summary>Gets the name.</summary>
    public string Name { get; }

    /// <summary>Gets where events are delivered.</summary>
    public Uri TargetUrl { get; }

    /// <summary>Gets a new secret, or <see langword="null"/> to keep the current one. Never shown in messages, logs or <see cref="ToString"/>.</summary>
    /// <exception cref="CallControlRequestValidationException">The secret is empty, longer than 256 characters or not printable ASCII.</exception>
    public string? Secret { get => _secret; init => _secret = WebhookRules.RequireSecret(value, "updateWebhook"); }

    /// <summary>Gets whether to set an inactive webhook active again (<c>status=active</c>).</summary>
    public bool Reactivate { get; init; }

    /// <summary>
    /// Gets the caller-supplied <c>TrackingID</c> header value, or <see langword="null"/> to let the client generate
    /// a unique one for the operation.
    /// </summary>
    public string? TrackingId { get; private set; }

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public CallWebhookUpdate WithTrackingId(string trackingId)
    {
        var copy = (CallWebhookUpdate)MemberwiseClone();
        copy.TrackingId = RequestRules.RequireTrackingId(trackingId, "updateWebhook");
        return copy;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Webhook '{Text.Printable(Name)}' -> {TargetUrl}{(Reactivate ? ", reactivate" : string.Empty)}, secret {(Secret is null ? "(unchanged)" : "(set, redacted)")}";
}
