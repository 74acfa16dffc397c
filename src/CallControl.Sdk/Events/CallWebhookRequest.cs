using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// A new webhook for call events (<c>resource = telephony_calls</c>). Webex delivers to <see cref="TargetUrl"/>, which
/// must be HTTPS (plain HTTP only to a loopback address, for tests). Creating the same event and filter twice makes two
/// webhooks and doubles delivery.
/// </summary>
public sealed class CallWebhookRequest
{
    private readonly string? _secret;
    private readonly string? _filter;
    private readonly CallWebhookEvent _event = CallWebhookEvent.All;

    /// <summary>Creates the request.</summary>
    /// <param name="name">A name for the webhook.</param>
    /// <param name="targetUrl">Where events are delivered: HTTPS, or HTTP to a loopback address.</param>
    /// <exception cref="CallControlRequestValidationException">The name or the URL breaks a rule; nothing is sent.</exception>
    public CallWebhookRequest(string name, Uri targetUrl)
    {
        var violations = new List<RequestRules.Violation>(2);
        WebhookRules.CheckName(name, violations);
        WebhookRules.CheckTarget(targetUrl, violations);
        RequestRules.ThrowIfAny("createCallWebhook", violations);
        Name = name;
        TargetUrl = targetUrl;
    }

    /// <summary>Gets the name.</summary>
    public string Name { get; }

    /// <summary>Gets where events are delivered.</summary>
    public Uri TargetUrl { get; }

    /// <summary>Gets the secret Webex signs each delivery with (<c>X-Spark-Signature</c>); strongly advised. Never shown in messages, logs or <see cref="ToString"/>.</summary>
    /// <exception cref="CallControlRequestValidationException">The secret is empty, longer than 256 characters or not printable ASCII.</exception>
    public string? Secret { get => _secret; init => _secret = WebhookRules.RequireSecret(value, "createCallWebhook"); }

    /// <summary>Gets a filter such as <c>personality=terminator</c> (incoming calls only), or <see langword="null"/>.</summary>
    /// <exception cref="CallControlRequestValidationException">The filter is blank, too long or has invisible characters.</exception>
    public string? Filter { get => _filter; init => _filter = WebhookRules.RequireFilter(value, "createCallWebhook"); }

    /// <summary>Gets which events are delivered.</summary>
    /// <value>The default value is <see cref="CallWebhookEvent.All"/>.</value>
    /// <exception cref="CallControlRequestValidationException">The value is <see cref="CallWebhookEvent.Unknown"/> or undefined.</exception>
    public CallWebhookEvent Event { get => _event; init => _event = WebhookRules.RequireEvent(value); }

    /// <summary>Gets whether the webhook delivers the calls of the whole organization (<c>ownedBy=org</c>; an admin or service app token).</summary>
    public bool OwnedByOrganization { get; init; }

    /// <summary>
    /// Gets the caller-supplied <c>TrackingID</c> header value, or <see langword="null"/> to let the client generate
    /// a unique one for the operation.
    /// </summary>
    public string? TrackingId { get; private set; }

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public CallWebhookRequest WithTrackingId(string trackingId)
    {
        var copy = (CallWebhookRequest)MemberwiseClone();
        copy.TrackingId = RequestRules.RequireTrackingId(trackingId, "createCallWebhook");
        return copy;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Webhook '{Text.Printable(Name)}' -> {TargetUrl}, {Event}, secret {(Secret is null ? "(none)" : "(set, redacted)")}";
}
