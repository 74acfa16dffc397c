using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// One participant of the user's conference: to add a call (<c>conference/addParticipant</c>), or to mute, unmute,
/// deafen or undeafen it. For mute and unmute, <see cref="Host"/> names the user instead.
/// </summary>
public sealed class ConferenceParticipantRequest : CallControlRequest
{
    private ConferenceParticipantRequest(string? callId, string? lineOwnerId)
        : base(lineOwnerId, null)
    {
        CallId = callId;
    }

    /// <summary>Gets the request that names the host (the user) for mute and unmute.</summary>
    public static ConferenceParticipantRequest Host { get; } = new(null, null);

    /// <summary>Gets the participant's call, or <see langword="null"/> for the host.</summary>
    public string? CallId { get; }

    /// <summary>Names a participant by its call.</summary>
    /// <param name="callId">The call.</param>
    /// <param name="lineOwnerId">The line's owner (taken by <c>addParticipant</c> only), else <see langword="null"/>.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CallControlRequestValidationException">An id breaks the id rule; nothing is sent.</exception>
    public static ConferenceParticipantRequest Call(string callId, string? lineOwnerId = null)
    {
        var violations = new List<RequestRules.Violation>(1);
        RequestRules.CheckRequiredId("callId", callId, "it names the participant", violations);
        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        RequestRules.ThrowIfAny("conference participant", violations);
        return new ConferenceParticipantRequest(callId, lineOwnerId);
    }

    /// <summary>Returns a copy with a caller-supplied <c>TrackingID</c>.</summary>
    /// <param name="trackingId">The TrackingID header value.</param>
    /// <returns>A copy carrying it.</returns>
    /// <exception cref="CallControlRequestValidationException">The TrackingID breaks a rule.</exception>
    public ConferenceParticipantRequest WithTrackingId(string trackingId) => WithTrackingIdCore<ConferenceParticipantRequest>(trackingId, "conference participant");

    /// <summary>Gets the participant, for logs.</summary>
    /// <returns>One line.</returns>
    public override string ToString() => CallId is null ? "The conference's host" : $"Conference participant callId={CallId}";

    internal override byte[] WriteBody() => ConferenceBodies.Write(w =>
    {
        ConferenceBodies.Optional(w, "callId", CallId);
        ConferenceBodies.Optional(w, "lineOwnerId", LineOwnerId);
    });
}
