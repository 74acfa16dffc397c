using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

/// <summary>
/// A request to place an outbound call (click to dial): the user's devices alert (or only <see cref="EndpointId"/>),
/// and when the user answers, the call to <see cref="Destination"/> is placed.
/// </summary>
public sealed class DialRequest : CallControlRequest
{
    /// <summary>Creates a dial request.</summary>
    /// <param name="destination">Digits, <c>+</c>E.164, <c>tel:</c>, <c>sip:</c>, <c>user@domain</c> or a feature access code such as <c>*73</c>.</param>
    /// <param name="endpointId">Optional device or application to use (one of the user's preferred answer endpoints); otherwise every device alerts.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line to dial from.</param>
    /// <exception cref="CallControlRequestValidationException">The destination is missing or not a documented form, or an id is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public DialRequest(string destination, string? endpointId = null, string? lineOwnerId = null)
        : this(destination, endpointId, null, viaSingleNumberReach: false, lineOwnerId)
    {
    }

    /// <summary>Creates a dial request to an already parsed destination.</summary>
    /// <param name="destination">Where the call goes (<see cref="CallDestination.Parse"/>).</param>
    /// <param name="endpointId">Optional device or application to use; otherwise every device alerts.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line to dial from.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">An id is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public DialRequest(CallDestination destination, string? endpointId = null, string? lineOwnerId = null)
        : this(RequireWire(destination), endpointId, lineOwnerId)
    {
    }

    private DialRequest(string destination, string? endpointId, string? singleNumberReachPhoneNumber, bool viaSingleNumberReach, string? lineOwnerId)
        : base(lineOwnerId, null)
    {
        var violations = new List<RequestRules.Violation>(1);
        var parsed = RequestRules.CheckDestination("destination", destination, violations, requiredBecause: "it is the number or address to call");
        RequestRules.CheckId("endpointId", endpointId, violations);
        var phone = viaSingleNumberReach ? RequestRules.CheckPhoneNumber("singleNumberReachPhoneNumber", singleNumberReachPhoneNumber, violations) : null;
        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        RequestRules.ThrowIfAny("dial", violations);
        Destination = parsed!;
        EndpointId = endpointId;
        SingleNumberReachPhoneNumber = phone;
    }

    /// <summary>Gets where the call goes.</summary>
    public CallDestination Destination { get; }

    /// <summary>Gets the device or application that places the call, or <see langword="null"/> for all of the user's devices.</summary>
    public string? EndpointId { get; }

    /// <summary>Gets the Single Number Reach phone number the call is placed from, or <see langword="null"/>.</summary>
    public string? SingleNumberReachPhoneNumber { get; }

    /// <summary>
    /// Creates a dial request placed from one of the user's Single Number Reach phone numbers instead of a device.
    /// Webex makes this and <see cref="EndpointId"/> mutually exclusive; this factory cannot set both.
    /// </summary>
    /// <param name="destination">Digits, <c>+</c>E.164, <c>tel:</c>, <c>sip:</c>, <c>user@domain</c> or <c>*73</c>.</param>
    /// <param name="singleNumberReachPhoneNumber">The Single Number Reach number: digits, <c>+</c>E.164 or <c>tel:</c>.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line to dial from.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CallControlRequestValidationException">The destination or the phone number is missing or invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public static DialRequest ViaSingleNumberReach(string destination, string singleNumberReachPhoneNumber, string? lineOwnerId = null)
        => new(destination, null, singleNumberReachPhoneNumber, viaSingleNumberReach: true, lineOwnerId);

    /// <summary>Creates a dial request to an already parsed destination, placed from a Single Number Reach number.</summary>
    /// <param name="destination">Where the call goes.</param>
    /// <param name="singleNumberReachPhoneNumber">The Single Number Reach number: digits, <c>+</c>E.164 or <c>tel:</c>.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line to dial from.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The phone number is missing or invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public static DialRequest ViaSingleNumberReach(CallDestination destination, string singleNumberReachPhoneNumber, string? lineOwnerId = null)
        => ViaSingleNumberReach(RequireWire(destination), singleNumberReachPhoneNumber, lineOwnerId);

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public DialRequest WithTrackingId(string trackingId) => WithTrackingIdCore<DialRequest>(trackingId, "dial");

    /// <inheritdoc/>
    public override string ToString() => $"Dial {Destination}";

    internal override byte[] WriteBody() => WebexRequestJsonContext.WriteBody(new() { Destination = Destination.ToString(), EndpointId = EndpointId, SingleNumberReachPhoneNumber = SingleNumberReachPhoneNumber, LineOwnerId = LineOwnerId }, WebexRequestJsonContext.Default.CommandBody);
}
