using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

/// <summary>
/// A request to park a connected call: against the parking user, against a destination, or against an automatically
/// chosen member of the user's call park group. The parked-against number in the result retrieves it later.
/// </summary>
/// <remarks>Webex ignores a destination sent with <c>isGroupPark</c>; the factory methods never send both.</remarks>
public sealed class ParkRequest : CallControlRequest
{
    private ParkRequest(string callId, CallDestination? destination, bool isGroupPark, string? lineOwnerId)
        : base(lineOwnerId, null)
    {
        CallId = callId;
        Destination = destination;
        IsGroupPark = isGroupPark;
    }

    /// <summary>Gets the call to park.</summary>
    public string CallId { get; }

    /// <summary>Gets where the call is parked, or <see langword="null"/> for the parking user (or the group).</summary>
    public CallDestination? Destination { get; }

    /// <summary>Gets whether the call is parked against an automatically selected member of the user's call park group.</summary>
    public bool IsGroupPark { get; }

    /// <summary>Parks <paramref name="callId"/> against the parking user.</summary>
    /// <param name="callId">The connected call to park.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CallControlRequestValidationException">The call id is missing or invalid.</exception>
    public static ParkRequest AgainstSelf(string callId, string? lineOwnerId = null) => Create(callId, null, false, false, lineOwnerId);

    /// <summary>Parks <paramref name="callId"/> against <paramref name="destination"/>.</summary>
    /// <param name="callId">The connected call to park.</param>
    /// <param name="destination">Where to park it: digits, <c>+</c>E.164, <c>tel:</c>, <c>sip:</c>, <c>user@domain</c> or <c>*73</c>.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CallControlRequestValidationException">The call id or destination is missing or invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public static ParkRequest Against(string callId, string destination, string? lineOwnerId = null) => Create(callId, destination, true, false, lineOwnerId);

    /// <summary>Parks a call against an already parsed destination.</summary>
    /// <param name="callId">The call to park.</param>
    /// <param name="destination">The number or address it is parked against; it retrieves the call.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">An id is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public static ParkRequest Against(string callId, CallDestination destination, string? lineOwnerId = null) => Against(callId, RequireWire(destination), lineOwnerId);

    /// <summary>Parks <paramref name="callId"/> against an automatically selected member of the user's call park group.</summary>
    /// <param name="callId">The connected call to park.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CallControlRequestValidationException">The call id is missing or invalid.</exception>
    public static ParkRequest InGroup(string callId, string? lineOwnerId = null) => Create(callId, null, false, true, lineOwnerId);

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public ParkRequest WithTrackingId(string trackingId) => WithTrackingIdCore<ParkRequest>(trackingId, "park");

    /// <inheritdoc/>
    public override string ToString()
        => IsGroupPark ? $"Park callId={CallId} in the group" : Destination is null ? $"Park callId={CallId} against self" : $"Park callId={CallId} against {Destination}";

    internal override byte[] WriteBody() => WebexRequestJsonContext.WriteBody(new() { CallId = CallId, Destination = Destination?.ToString(), IsGroupPark = IsGroupPark ? true : null, LineOwnerId = LineOwnerId }, WebexRequestJsonContext.Default.CommandBody);

    private static ParkRequest Create(string callId, string? destination, bool destinationRequired, bool isGroupPark, string? lineOwnerId)
    {
        var violations = new List<RequestRules.Violation>(1);
        RequestRules.CheckRequiredId("callId", callId, "it names the call to park", violations);
        var parsed = RequestRules.CheckDestination("destination", destination, violations, destinationRequired ? "use ParkRequest.AgainstSelf to park against the parking user" : null);
        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        RequestRules.ThrowIfAny("park", violations);
        return new ParkRequest(callId, parsed, isGroupPark, lineOwnerId);
    }
}
