namespace CallControl.Sdk.Testing;

/// <summary>A webhook registered with the sandbox (<c>POST /v1/webhooks</c>).</summary>
public sealed record SandboxWebhook
{
    /// <summary>Gets the id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets where events are delivered.</summary>
    public required string TargetUrl { get; init; }

    /// <summary>Gets the generic event delivered: <c>all</c>, <c>created</c>, <c>updated</c> or <c>deleted</c>.</summary>
    public required string Event { get; init; }

    /// <summary>Gets the filter (<c>personality=originator|terminator</c> is applied; other filters deliver everything).</summary>
    public string? Filter { get; init; }

    /// <summary>Gets whether deliveries are signed (the secret itself is not exposed).</summary>
    public bool HasSecret => Secret is not null;

    /// <summary>Gets whether it is delivered to: a target that failed <see cref="CallControlSandbox.FailuresBeforeInactive"/> times in a row is set inactive, as Webex does.</summary>
    public required bool Active { get; init; }

    internal string? Secret { get; init; }

    internal int ConsecutiveFailures { get; init; }

    internal DateTimeOffset Created { get; init; }
}
