namespace CallControl.Sdk.Testing;

/// <summary>A webhook delivery the sandbox sent (or tried to), with the status the target answered.</summary>
public sealed record SandboxDelivery
{
    /// <summary>Gets the webhook's id.</summary>
    public required string WebhookId { get; init; }

    /// <summary>Gets the call's id.</summary>
    public required string CallId { get; init; }

    /// <summary>Gets the event's <c>data.eventType</c>, such as <c>held</c>.</summary>
    public required string EventType { get; init; }

    /// <summary>Gets the JSON body sent.</summary>
    public required string Body { get; init; }

    /// <summary>Gets the status the target answered, or 0 when it could not be reached.</summary>
    public required int StatusCode { get; init; }
}
