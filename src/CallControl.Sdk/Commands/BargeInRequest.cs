using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

/// <summary>
/// A request to barge in on another user's answered call. A new call is placed to do it (as with dial), so the result
/// carries the new call's ids.
/// </summary>
public sealed class BargeInRequest : CallControlRequest
{
    /// <summary>Creates the request for an already parsed target.</summary>
    /// <param name="target">Whose answered call to barge in on.</param>
    /// <param name="endpointId">Optional device or application to use.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line.</param>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">An id is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public BargeInRequest(CallDestination target, string? endpointId = null, string? lineOwnerId = null)
        : this(RequireWire(target), endpointId, lineOwnerId)
    {
    }

    /// <summary>Creates a barge-in request.</summary>
    /// <param name="target">The user to barge in on: digits, <c>+</c>E.164, <c>tel:</c>, <c>sip:</c> or <c>user@domain</c>.</param>
    /// <param name="endpointId">Optional device or application to use.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line to use.</param>
    /// <exception cref="CallControlRequestValidationException">The target is missing or not a documented form, or an id is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public BargeInRequest(string target, string? endpointId = null, string? lineOwnerId = null)
        : base(lineOwnerId, null)
    {
        var violations = new List<RequestRules.Violation>(1);
        var parsed = RequestRules.CheckDestination("target", target, violations, requiredBecause: "it names the user whose call to barge in on");
        RequestRules.CheckId("endpointId", endpointId, violations);
        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        RequestRules.ThrowIfAny("bargeIn", violations);
        Target = parsed!;
        EndpointId = endpointId;
    }

    /// <summary>Gets the user whose call is joined.</summary>
    public CallDestination Target { get; }

    /// <summary>Gets the device or application that barges in, or <see langword="null"/>.</summary>
    public string? EndpointId { get; }

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public BargeInRequest WithTrackingId(string trackingId) => WithTrackingIdCore<BargeInRequest>(trackingId, "bargeIn");

    /// <inheritdoc/>
    public override string ToString() => $"Barge in on {Target}";

    internal override byte[] WriteBody() => WebexRequestJsonContext.WriteBody(new() { Target = Target.ToString(), EndpointId = EndpointId, LineOwnerId = LineOwnerId }, WebexRequestJsonContext.Default.CommandBody);
}
