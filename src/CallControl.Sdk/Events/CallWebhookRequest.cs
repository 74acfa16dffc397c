using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// A new webhook for call events (<c>resource = telephony_calls</c>). Webex delivers to <see cref="TargetUrl"/>, which
/// must be HTTPS (plain HTTP only to a loopback address, for tests). Creating the same event and filter twice makes two
/// webhooks and doubles delivery.
/// </summary>
public sealed class CallWebhookRequest
{
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
    public string? Secret { get; init; }

    /// <summary>Gets a filter such as <c>personality=terminator</c> (incoming calls only), or <see langword="null"/>.</summary>
    public string? Filter { get; init; }

    /// <summary>Gets which events are delivered.</summary>
    /// <value>The default value is <see cref="CallWebhookEvent.All"/>.</value>
    public CallWebhookEvent Event { get; init; }

    /// <summary>Gets whether the webhook delivers the calls of the whole organization (<c>ownedBy=org</c>; an admin or service app token).</summary>
    public bool OwnedByOrganization { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"Webhook '{Text.Printable(Name)}' -> {TargetUrl}, {Event}, secret {(Secret is null ? "(none)" : "(set, redacted)")}";
}
