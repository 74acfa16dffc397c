using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>A change to a webhook. Webex lets a webhook's name, target, secret and status change; nothing else.</summary>
public sealed class CallWebhookUpdate
{
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
    public string? Secret { get; init; }

    /// <summary>Gets whether to set an inactive webhook active again (<c>status=active</c>).</summary>
    public bool Reactivate { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"Webhook '{Text.Printable(Name)}' -> {TargetUrl}{(Reactivate ? ", reactivate" : string.Empty)}, secret {(Secret is null ? "(unchanged)" : "(set, redacted)")}";
}
