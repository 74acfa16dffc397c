namespace CallControl.Sdk;

/// <summary>A webhook on <c>telephony_calls</c>, as Webex holds it. Its secret is never read back or shown.</summary>
public sealed class CallWebhook
{
    /// <summary>Gets the webhook's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets its name.</summary>
    public string? Name { get; init; }

    /// <summary>Gets where events are delivered.</summary>
    public Uri? TargetUrl { get; init; }

    /// <summary>Gets which events are delivered.</summary>
    public CallWebhookEvent Event { get; init; }

    /// <summary>Gets the filter, such as <c>personality=terminator</c>, or <see langword="null"/>.</summary>
    public string? Filter { get; init; }

    /// <summary>Gets whether Webex delivers to it.</summary>
    public CallWebhookStatus Status { get; init; }

    /// <summary>Gets when it was created.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Gets whether it delivers the calls of the whole organization (<c>ownedBy=org</c>) rather than the creator's.</summary>
    public bool OwnedByOrganization { get; init; }

    /// <summary>Gets the organization's id.</summary>
    public string? OrgId { get; init; }

    /// <summary>Gets the id of the person who created it.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Gets the id of the app that created it.</summary>
    public string? AppId { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"Webhook {Id} ({Name}) -> {TargetUrl}, {Event}, {Status}";
}
