using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

/// <summary>
/// A request to retrieve a parked call. A new call is placed to do it (as with dial), so the result carries the new
/// call's ids.
/// </summary>
public sealed class RetrieveRequest : CallControlRequest
{
    /// <summary>Creates the request for an already parsed destination.</summary>
    /// <param name="destination">Where the call is parked.</param>
    /// <param name="endpointId">Optional device or application to use.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">An id is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public RetrieveRequest(CallDestination destination, string? endpointId = null, string? lineOwnerId = null)
        : this(RequireWire(destination), endpointId, lineOwnerId)
    {
    }

    /// <summary>Creates a retrieve request.</summary>
    /// <param name="destination">Where the call is parked (the number from the park result); <see langword="null"/> retrieves the call parked against the retrieving user.</param>
    /// <param name="endpointId">Optional device or application to use for the retrieval.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line to use.</param>
    /// <exception cref="CallControlRequestValidationException">The destination is not a documented form, or an id is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public RetrieveRequest(string? destination = null, string? endpointId = null, string? lineOwnerId = null)
        : this(destination, endpointId, null, viaSingleNumberReach: false, lineOwnerId)
    {
    }

    private RetrieveRequest(string? destination, string? endpointId, string? singleNumberReachPhoneNumber, bool viaSingleNumberReach, string? lineOwnerId)
        : base(lineOwnerId, null)
    {
        var violations = new List<RequestRules.Violation>(1);
        var parsed = RequestRules.CheckDestination("destination", destination, violations);
        RequestRules.CheckId("endpointId", endpointId, violations);
        var phone = viaSingleNumberReach ? RequestRules.CheckPhoneNumber("singleNumberReachPhoneNumber", singleNumberReachPhoneNumber, violations) : null;
        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        RequestRules.ThrowIfAny("retrieve", violations);
        Destination = parsed;
        EndpointId = endpointId;
        SingleNumberReachPhoneNumber = phone;
    }

    /// <summary>Gets where the call is parked, or <see langword="null"/> for the retrieving user.</summary>
    public CallDestination? Destination { get; }

    /// <summary>Gets the device or application that retrieves the call, or <see langword="null"/>.</summary>
    public string? EndpointId { get; }

    /// <summary>Gets the Single Number Reach phone number the retrieval is placed from, or <see langword="null"/>.</summary>
    public string? SingleNumberReachPhoneNumber { get; }

    /// <summary>
    /// Creates a retrieve request placed from one of the user's Single Number Reach phone numbers instead of a device.
    /// Webex makes this and <see cref="EndpointId"/> mutually exclusive; this factory cannot set both.
    /// </summary>
    /// <param name="destination">Where the call is parked; <see langword="null"/> for the retrieving user (write <c>default(string)</c>, since a bare <c>null</c> fits both overloads).</param>
    /// <param name="singleNumberReachPhoneNumber">The Single Number Reach number: digits, <c>+</c>E.164 or <c>tel:</c>.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line to use.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CallControlRequestValidationException">The destination or the phone number is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public static RetrieveRequest ViaSingleNumberReach(string? destination, string singleNumberReachPhoneNumber, string? lineOwnerId = null)
        => new(destination, null, singleNumberReachPhoneNumber, viaSingleNumberReach: true, lineOwnerId);

    /// <summary>Creates a retrieve request for an already parsed destination, placed from a Single Number Reach number.</summary>
    /// <param name="destination">Where the call is parked.</param>
    /// <param name="singleNumberReachPhoneNumber">The Single Number Reach number: digits, <c>+</c>E.164 or <c>tel:</c>.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line to use.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The phone number is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public static RetrieveRequest ViaSingleNumberReach(CallDestination destination, string singleNumberReachPhoneNumber, string? lineOwnerId = null)
        => ViaSingleNumberReach(RequireWire(destination), singleNumberReachPhoneNumber, lineOwnerId);

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public RetrieveRequest WithTrackingId(string trackingId) => WithTrackingIdCore<RetrieveRequest>(trackingId, "retrieve");

    /// <inheritdoc/>
    public override string ToString() => Destination is null ? "Retrieve the call parked against self" : $"Retrieve the call parked against {Destination}";

    internal override byte[] WriteBody() => WebexRequestJsonContext.WriteBody(new() { Destination = Destination?.ToString(), EndpointId = EndpointId, SingleNumberReachPhoneNumber = SingleNumberReachPhoneNumber, LineOwnerId = LineOwnerId }, WebexRequestJsonContext.Default.CommandBody);
}
