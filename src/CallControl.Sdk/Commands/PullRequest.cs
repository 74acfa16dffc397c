using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

/// <summary>
/// Pulls the user's call from another of their devices (<c>POST telephony/calls/pull</c>): a temporary call alerts the
/// chosen device, and answering it connects that device to the pulled call.
/// </summary>
public sealed class PullRequest : CallControlRequest
{
    /// <summary>Creates the request.</summary>
    /// <param name="endpointId">The device to pull the call to; <see langword="null"/> for the user's primary device.</param>
    /// <param name="lineOwnerId">The line's owner when the user has several lines, else <see langword="null"/>.</param>
    /// <exception cref="CallControlRequestValidationException">An id breaks the id rule; nothing is sent.</exception>
    public PullRequest(string? endpointId = null, string? lineOwnerId = null)
        : base(lineOwnerId, null)
    {
        var violations = new List<RequestRules.Violation>(1);
        RequestRules.CheckId("endpointId", endpointId, violations);
        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        RequestRules.ThrowIfAny("pull", violations);
        EndpointId = endpointId;
    }

    /// <summary>Gets the device to pull the call to, or <see langword="null"/> for the primary device.</summary>
    public string? EndpointId { get; }

    /// <summary>Returns a copy with a caller-supplied <c>TrackingID</c>.</summary>
    /// <param name="trackingId">The TrackingID header value.</param>
    /// <returns>A copy carrying it.</returns>
    /// <exception cref="CallControlRequestValidationException">The TrackingID breaks a rule.</exception>
    public PullRequest WithTrackingId(string trackingId) => WithTrackingIdCore<PullRequest>(trackingId, "pull");

    /// <summary>Gets the device, for logs.</summary>
    /// <returns>One line.</returns>
    public override string ToString() => EndpointId is null ? "Pull to the primary device" : $"Pull to endpoint {EndpointId}";

    internal override byte[] WriteBody() => WebexRequestJsonContext.WriteBody(new() { EndpointId = EndpointId, LineOwnerId = LineOwnerId }, WebexRequestJsonContext.Default.CommandBody);
}
