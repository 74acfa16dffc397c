using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

/// <summary>A request to answer an incoming (alerting) call, on the user's primary device or on <see cref="EndpointId"/>.</summary>
public sealed class AnswerRequest : CallControlRequest
{
    /// <summary>Creates an answer request.</summary>
    /// <param name="callId">The alerting call to answer.</param>
    /// <param name="endpointId">Optional device or application to answer on; otherwise the user's primary device.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <exception cref="CallControlRequestValidationException">The call id is missing or an id is invalid.</exception>
    public AnswerRequest(string callId, string? endpointId = null, string? lineOwnerId = null)
        : base(lineOwnerId, null)
    {
        var violations = new List<RequestRules.Violation>(1);
        RequestRules.CheckRequiredId("callId", callId, "it names the call to answer", violations);
        RequestRules.CheckId("endpointId", endpointId, violations);
        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        RequestRules.ThrowIfAny("answer", violations);
        CallId = callId;
        EndpointId = endpointId;
    }

    /// <summary>Gets the call to answer.</summary>
    public string CallId { get; }

    /// <summary>Gets the device or application to answer on, or <see langword="null"/> for the primary device.</summary>
    public string? EndpointId { get; }

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public AnswerRequest WithTrackingId(string trackingId) => WithTrackingIdCore<AnswerRequest>(trackingId, "answer");

    /// <inheritdoc/>
    public override string ToString() => $"Answer callId={CallId}";

    internal override byte[] WriteBody() => WebexRequestJsonContext.WriteBody(new() { CallId = CallId, EndpointId = EndpointId, LineOwnerId = LineOwnerId }, WebexRequestJsonContext.Default.CommandBody);
}
