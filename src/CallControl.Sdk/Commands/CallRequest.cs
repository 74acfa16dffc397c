using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

/// <summary>
/// A command on one existing call that needs nothing but its id: hang up, hold, resume, mute, unmute, push, and
/// start, stop, pause or resume recording.
/// </summary>
/// <example><code>await client.HoldAsync(new CallRequest(callId), cancellationToken);</code></example>
public sealed class CallRequest : CallControlRequest
{
    /// <summary>Creates a request for the call <paramref name="callId"/>.</summary>
    /// <param name="callId">The call to act on (an id from <see cref="CallControlClient.ListCallsAsync(CancellationToken)"/>, a dial or a webhook).</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <exception cref="CallControlRequestValidationException">The call id is null, empty, whitespace, too long or has control characters, or the line owner id is invalid.</exception>
    public CallRequest(string callId, string? lineOwnerId = null)
        : base(lineOwnerId, null)
    {
        var violations = new List<RequestRules.Violation>(1);
        RequestRules.CheckRequiredId("callId", callId, "it names the call to act on", violations);
        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        RequestRules.ThrowIfAny("call", violations);
        CallId = callId;
    }

    /// <summary>Gets the call the command acts on.</summary>
    public string CallId { get; }

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public CallRequest WithTrackingId(string trackingId) => WithTrackingIdCore<CallRequest>(trackingId, "call");

    /// <inheritdoc/>
    public override string ToString() => $"callId={CallId}";

    internal override byte[] WriteBody() => WebexRequestJsonContext.WriteBody(new() { CallId = CallId, LineOwnerId = LineOwnerId }, WebexRequestJsonContext.Default.CommandBody);
}
