using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>Joins two or more of the user's calls into a conference (<c>POST telephony/conference</c>).</summary>
public sealed class StartConferenceRequest : CallControlRequest
{
    /// <summary>Creates the request.</summary>
    /// <param name="callIds">At least two distinct calls of the user.</param>
    /// <param name="lineOwnerId">The line's owner when the user has several lines, else <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callIds"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">Fewer than two distinct calls, or an id breaks the id rule; nothing is sent.</exception>
    public StartConferenceRequest(IEnumerable<string> callIds, string? lineOwnerId = null)
        : base(lineOwnerId, null)
    {
        ArgumentNullException.ThrowIfNull(callIds);
        var ids = callIds.ToList();
        var violations = new List<RequestRules.Violation>();
        for (var i = 0; i < ids.Count; i++)
        {
            RequestRules.CheckRequiredId($"callIds[{i}]", ids[i], "each names a call to join", violations);
        }

        if (ids.Distinct(StringComparer.Ordinal).Count() < 2)
        {
            violations.Add(new("callIds", $"callIds must name at least two distinct calls (had {ids.Distinct(StringComparer.Ordinal).Count()})."));
        }

        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        RequestRules.ThrowIfAny("startConference", violations);
        CallIds = ids;
    }

    /// <summary>Gets the calls to join.</summary>
    public IReadOnlyList<string> CallIds { get; }

    /// <summary>Returns a copy with a caller-supplied <c>TrackingID</c>.</summary>
    /// <param name="trackingId">The TrackingID header value.</param>
    /// <returns>A copy carrying it.</returns>
    /// <exception cref="CallControlRequestValidationException">The TrackingID breaks a rule.</exception>
    public StartConferenceRequest WithTrackingId(string trackingId) => WithTrackingIdCore<StartConferenceRequest>(trackingId, "startConference");

    /// <summary>Gets the calls, for logs.</summary>
    /// <returns>One line.</returns>
    public override string ToString() => "Start a conference of calls " + string.Join(", ", CallIds);

    internal override byte[] WriteBody() => ConferenceBodies.Write(w =>
    {
        w.WriteStartArray("callIds");
        foreach (var id in CallIds)
        {
            w.WriteStringValue(id);
        }

        w.WriteEndArray();
        ConferenceBodies.Optional(w, "lineOwnerId", LineOwnerId);
    });
}
