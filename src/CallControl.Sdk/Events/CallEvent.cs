namespace CallControl.Sdk;

/// <summary>
/// One <c>telephony_calls</c> webhook event, verified and typed: what happened (<see cref="EventType"/>) to which call,
/// when, and the call as it was then (<see cref="Call"/>), inside the webhook's envelope. Build one with
/// <see cref="CallEventParser.Parse"/>.
/// </summary>
public sealed class CallEvent
{
    /// <summary>Gets what happened (<c>data.eventType</c>); <see cref="CallEventType.Unknown"/> for a kind Webex added later.</summary>
    public required CallEventType EventType { get; init; }

    /// <summary>Gets when it happened (<c>data.eventTimestamp</c>): order a call's events by it, not by arrival.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the call's id (<c>data.callId</c>; the same as <see cref="CallDetails.Id"/> in call lists).</summary>
    public required string CallId { get; init; }

    /// <summary>Gets the call's session id, shared by the calls of one session (a transfer's calls, say).</summary>
    public string? CallSessionId { get; init; }

    /// <summary>Gets the call as the event describes it, with <see cref="CallDetails.Id"/> = <see cref="CallId"/>.</summary>
    public required CallDetails Call { get; init; }

    /// <summary>Gets the id of the webhook that delivered the event.</summary>
    public string? WebhookId { get; init; }

    /// <summary>Gets the name of the webhook that delivered the event.</summary>
    public string? WebhookName { get; init; }

    /// <summary>Gets the generic event of the webhook envelope: <c>created</c>, <c>updated</c> or <c>deleted</c>.</summary>
    public string? Event { get; init; }

    /// <summary>Gets the id of the person whose action caused the event.</summary>
    public string? ActorId { get; init; }

    /// <summary>Gets the organization's id.</summary>
    public string? OrgId { get; init; }

    /// <summary>
    /// Gets the member whose call this is (Webex's <c>actorId</c>): with an organization-wide webhook
    /// (<see cref="CallWebhookRequest.OwnedByOrganization"/>, a Service App's) one receiver gets every member's calls,
    /// and <c>client.ForMember(e.MemberId!)</c> controls the call the event is about. Call ids are unique across
    /// members, so one <see cref="CallEventTracker"/> keeps every member's calls apart.
    /// </summary>
    public string? MemberId => ActorId;

    /// <summary>Gets the identity of the event, <c>(CallId, EventType, Timestamp)</c>: duplicates share it.</summary>
    public (string CallId, CallEventType EventType, DateTimeOffset Timestamp) Identity => (CallId, EventType, Timestamp);

    /// <inheritdoc/>
    public override string ToString() => $"{EventType} of call {CallId} at {Timestamp:O}";
}
