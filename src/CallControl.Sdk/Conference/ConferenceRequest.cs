using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>The user's conference as a whole: get, hold, resume and release it.</summary>
public sealed class ConferenceRequest : CallControlRequest
{
    /// <summary>Creates the request.</summary>
    /// <param name="lineOwnerId">The line's owner when the user has several lines, else <see langword="null"/>.</param>
    /// <exception cref="CallControlRequestValidationException">The id breaks the id rule; nothing is sent.</exception>
    public ConferenceRequest(string? lineOwnerId = null)
        : base(lineOwnerId, null)
    {
        var violations = new List<RequestRules.Violation>(1);
        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        RequestRules.ThrowIfAny("conference", violations);
    }

    /// <summary>Returns a copy with a caller-supplied <c>TrackingID</c>.</summary>
    /// <param name="trackingId">The TrackingID header value.</param>
    /// <returns>A copy carrying it.</returns>
    /// <exception cref="CallControlRequestValidationException">The TrackingID breaks a rule.</exception>
    public ConferenceRequest WithTrackingId(string trackingId) => WithTrackingIdCore<ConferenceRequest>(trackingId, "conference");

    /// <summary>Gets the line owner, for logs.</summary>
    /// <returns>One line.</returns>
    public override string ToString() => LineOwnerId is null ? "The user's conference" : $"The conference of line owner {LineOwnerId}";

    internal override byte[] WriteBody() => ConferenceBodies.Write(w => ConferenceBodies.Optional(w, "lineOwnerId", LineOwnerId));
}
