using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

/// <summary>A request to reject an unanswered incoming call.</summary>
public sealed class RejectRequest : CallControlRequest
{
    /// <summary>Creates a reject request.</summary>
    /// <param name="callId">The unanswered incoming call.</param>
    /// <param name="action">What happens to the call; <see langword="null"/> lets Webex apply its default (busy).</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <exception cref="CallControlRequestValidationException">The call id is missing, an id is invalid, or <paramref name="action"/> is not a defined <see cref="RejectAction"/>.</exception>
    public RejectRequest(string callId, RejectAction? action = null, string? lineOwnerId = null)
        : base(lineOwnerId, null)
    {
        var violations = new List<RequestRules.Violation>(1);
        RequestRules.CheckRequiredId("callId", callId, "it names the call to reject", violations);
        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        if (action is { } a && !Enum.IsDefined(a))
        {
            violations.Add(new("action", $"action {(int)a} is not a defined RejectAction: use Busy, TemporarilyUnavailable or Ignore."));
        }

        RequestRules.ThrowIfAny("reject", violations);
        CallId = callId;
        Action = action;
    }

    /// <summary>Gets the call to reject.</summary>
    public string CallId { get; }

    /// <summary>Gets the rejection action, or <see langword="null"/> for Webex's default (busy).</summary>
    public RejectAction? Action { get; }

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public RejectRequest WithTrackingId(string trackingId) => WithTrackingIdCore<RejectRequest>(trackingId, "reject");

    /// <inheritdoc/>
    public override string ToString() => $"Reject callId={CallId}{(Action is { } a ? $" ({a})" : string.Empty)}";

    internal override byte[] WriteBody() => WebexRequestJsonContext.WriteBody(new() { CallId = CallId, Action = WireNames.Of(Action), LineOwnerId = LineOwnerId }, WebexRequestJsonContext.Default.CommandBody);
}
