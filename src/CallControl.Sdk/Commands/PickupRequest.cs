using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

/// <summary>
/// A request to pick up an incoming call to another user (or, without a target, to the user's call pickup group).
/// A new call is placed to do it (as with dial), so the result carries the new call's ids.
/// </summary>
public sealed class PickupRequest : CallControlRequest
{
    /// <summary>Creates the request for an already parsed target.</summary>
    /// <param name="target">Whose ringing call to pick up.</param>
    /// <param name="endpointId">Optional device or application to use.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line.</param>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">An id is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public PickupRequest(CallDestination target, string? endpointId = null, string? lineOwnerId = null)
        : this(RequireWire(target), endpointId, lineOwnerId)
    {
    }

    /// <summary>Creates a pickup request.</summary>
    /// <param name="target">The user whose incoming call to pick up; <see langword="null"/> picks up a call to the user's call pickup group.</param>
    /// <param name="endpointId">Optional device or application to use.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line to use.</param>
    /// <exception cref="CallControlRequestValidationException">The target is not a documented form, or an id is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public PickupRequest(string? target = null, string? endpointId = null, string? lineOwnerId = null)
        : base(lineOwnerId, null)
    {
        var violations = new List<RequestRules.Violation>(1);
        var parsed = RequestRules.CheckDestination("target", target, violations);
        RequestRules.CheckId("endpointId", endpointId, violations);
        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        RequestRules.ThrowIfAny("pickup", violations);
        Target = parsed;
        EndpointId = endpointId;
    }

    /// <summary>Gets the user whose call is picked up, or <see langword="null"/> for the user's call pickup group.</summary>
    public CallDestination? Target { get; }

    /// <summary>Gets the device or application that picks up the call, or <see langword="null"/>.</summary>
    public string? EndpointId { get; }

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public PickupRequest WithTrackingId(string trackingId) => WithTrackingIdCore<PickupRequest>(trackingId, "pickup");

    /// <inheritdoc/>
    public override string ToString() => Target is null ? "Pick up a call to the pickup group" : $"Pick up the call to {Target}";

    internal override byte[] WriteBody() => WebexRequestJsonContext.WriteBody(new() { Target = Target?.ToString(), EndpointId = EndpointId, LineOwnerId = LineOwnerId }, WebexRequestJsonContext.Default.CommandBody);
}
