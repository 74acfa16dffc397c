using CallControl.Sdk.Internal.Wire;
namespace CallControl.Sdk;

/// <summary>
/// A validated request to transfer calls. Create one with <see cref="Attended"/>, <see cref="Mute(string, string, string?)"/>,
/// <see cref="Automatic"/> or <see cref="CreateBuilder"/>; every path enforces the documented parameter rules, so an
/// instance of this type is always a request Webex defines.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Kind</term><description>Fields sent</description></listheader>
/// <item><term><see cref="TransferKind.Attended"/></term><description>callId1 + callId2 (204 No Content)</description></item>
/// <item><term><see cref="TransferKind.Mute"/></term><description>callId1 + destination (201 Created, new call ids)</description></item>
/// <item><term><see cref="TransferKind.Automatic"/></term><description>nothing: the user has exactly two calls (204)</description></item>
/// </list>
/// callId2 together with destination is rejected as ambiguous: the Webex reference does not define it.
/// </remarks>
public sealed class TransferRequest : CallControlRequest
{
    internal TransferRequest(TransferKind kind, string? callId1, string? callId2, CallDestination? destination, string? lineOwnerId, string? trackingId)
        : base(lineOwnerId, trackingId)
    {
        Kind = kind;
        CallId1 = callId1;
        CallId2 = callId2;
        Destination = destination;
    }

    /// <summary>Gets which kind of transfer this request performs.</summary>
    public TransferKind Kind { get; }

    /// <summary>Gets the first call: the one being transferred. <see langword="null"/> for an automatic transfer.</summary>
    public string? CallId1 { get; }

    /// <summary>Gets the second call of an attended transfer; otherwise <see langword="null"/>.</summary>
    public string? CallId2 { get; }

    /// <summary>Gets the destination of a mute transfer; otherwise <see langword="null"/>.</summary>
    public CallDestination? Destination { get; }

    /// <summary>Creates an attended (consultative) transfer that joins two existing calls.</summary>
    /// <param name="callId1">The first call (the one being transferred).</param>
    /// <param name="callId2">The second call (the one it is joined to).</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the calls are on.</param>
    /// <returns>The request.</returns>
    /// <exception cref="TransferRequestValidationException">A call id is null, empty, whitespace or has control characters.</exception>
    public static TransferRequest Attended(string callId1, string callId2, string? lineOwnerId = null)
        => TransferRules.Validate(callId1 ?? string.Empty, callId2 ?? string.Empty, null, null, lineOwnerId, null);

    /// <summary>Creates a mute transfer of <paramref name="callId1"/> to <paramref name="destination"/>, completed when the destination answers.</summary>
    /// <param name="callId1">The call to transfer.</param>
    /// <param name="destination">Digits, <c>+</c>E.164, <c>tel:</c>, <c>sip:</c> or <c>user@domain</c>.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <returns>The request.</returns>
    /// <exception cref="TransferRequestValidationException">The call id or destination is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination, so no call is ambiguous.")]
    public static TransferRequest Mute(string callId1, string destination, string? lineOwnerId = null)
        => TransferRules.Validate(callId1 ?? string.Empty, null, destination ?? string.Empty, null, lineOwnerId, null);

    /// <summary>Creates a mute transfer of <paramref name="callId1"/> to an already parsed destination.</summary>
    /// <param name="callId1">The call to transfer.</param>
    /// <param name="destination">The destination.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="TransferRequestValidationException">The call id is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination, so no call is ambiguous.")]
    public static TransferRequest Mute(string callId1, CallDestination destination, string? lineOwnerId = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return TransferRules.Validate(callId1 ?? string.Empty, null, null, destination, lineOwnerId, null);
    }

    /// <summary>Creates an automatic transfer: the user has exactly two calls and Webex picks them.</summary>
    /// <param name="lineOwnerId">Optional owner of the secondary line the calls are on.</param>
    /// <returns>The request.</returns>
    /// <exception cref="TransferRequestValidationException"><paramref name="lineOwnerId"/> is empty or whitespace.</exception>
    public static TransferRequest Automatic(string? lineOwnerId = null)
        => TransferRules.Validate(null, null, null, null, lineOwnerId, null);

    /// <summary>Creates a builder for assembling a request from optional parts; <see cref="TransferRequestBuilder.Build"/> enforces the rules.</summary>
    /// <returns>A new builder.</returns>
    public static TransferRequestBuilder CreateBuilder() => new();

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="TransferRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public TransferRequest WithTrackingId(string trackingId)
        => TransferRules.Validate(CallId1, CallId2, null, Destination, LineOwnerId, trackingId ?? string.Empty);

    /// <summary>Describes the request for logs and debugging.</summary>
    /// <returns>A string such as <c>Mute transfer of callId1=abc to tel:+12223334444</c>.</returns>
    public override string ToString() => Kind switch
    {
        TransferKind.Attended => $"Attended transfer of callId1={CallId1} and callId2={CallId2}",
        TransferKind.Mute => $"Mute transfer of callId1={CallId1} to {Destination}",
        _ => "Automatic transfer",
    };

    /// <inheritdoc/>
    internal override byte[] WriteBody() => WebexRequestJsonContext.WriteBody(TransferBody.From(this), WebexRequestJsonContext.Default.TransferBody);
}
