using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

/// <summary>
/// A request to divert a call (a blind transfer): to a destination, to the user's own voicemail, or to the voicemail
/// of the user at a destination. Unanswered incoming calls, which cannot be transferred, can be diverted.
/// </summary>
/// <remarks>
/// Webex requires a destination unless <c>toVoicemail</c> is true; the three factory methods are the three valid
/// shapes, so an invalid combination cannot be built.
/// </remarks>
public sealed class DivertRequest : CallControlRequest
{
    private DivertRequest(string callId, CallDestination? destination, bool toVoicemail, string? lineOwnerId)
        : base(lineOwnerId, null)
    {
        CallId = callId;
        Destination = destination;
        ToVoicemail = toVoicemail;
    }

    /// <summary>Gets the call to divert.</summary>
    public string CallId { get; }

    /// <summary>Gets where the call goes (or whose voicemail it goes to); <see langword="null"/> for the user's own voicemail.</summary>
    public CallDestination? Destination { get; }

    /// <summary>Gets whether the call goes to voicemail rather than ringing <see cref="Destination"/>.</summary>
    public bool ToVoicemail { get; }

    /// <summary>Diverts <paramref name="callId"/> to <paramref name="destination"/>.</summary>
    /// <param name="callId">The call to divert.</param>
    /// <param name="destination">Digits, <c>+</c>E.164, <c>tel:</c>, <c>sip:</c>, <c>user@domain</c> or <c>*73</c>.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CallControlRequestValidationException">The call id or destination is missing or invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public static DivertRequest ToDestination(string callId, string destination, string? lineOwnerId = null)
        => Create(callId, destination, destinationRequired: true, toVoicemail: false, lineOwnerId);

    /// <summary>Diverts <paramref name="callId"/> to the invoking user's own voicemail.</summary>
    /// <param name="callId">The call to divert.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CallControlRequestValidationException">The call id is missing or invalid.</exception>
    public static DivertRequest ToOwnVoicemail(string callId, string? lineOwnerId = null)
        => Create(callId, null, destinationRequired: false, toVoicemail: true, lineOwnerId);

    /// <summary>Diverts <paramref name="callId"/> to the voicemail of the user at <paramref name="destination"/>.</summary>
    /// <param name="callId">The call to divert.</param>
    /// <param name="destination">The user whose voicemail takes the call.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CallControlRequestValidationException">The call id or destination is missing or invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public static DivertRequest ToVoicemailOf(string callId, string destination, string? lineOwnerId = null)
        => Create(callId, destination, destinationRequired: true, toVoicemail: true, lineOwnerId);

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public DivertRequest WithTrackingId(string trackingId) => WithTrackingIdCore<DivertRequest>(trackingId, "divert");

    /// <summary>Diverts a call to an already parsed destination.</summary>
    /// <param name="callId">The call to divert.</param>
    /// <param name="destination">Where it goes.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">An id is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public static DivertRequest ToDestination(string callId, CallDestination destination, string? lineOwnerId = null)
        => ToDestination(callId, RequireWire(destination), lineOwnerId);

    /// <summary>Diverts a call to the voicemail of an already parsed destination.</summary>
    /// <param name="callId">The call to divert.</param>
    /// <param name="destination">Whose voicemail.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">An id is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of the destination (string or CallDestination), so no call with a destination is ambiguous.")]
    public static DivertRequest ToVoicemailOf(string callId, CallDestination destination, string? lineOwnerId = null)
        => ToVoicemailOf(callId, RequireWire(destination), lineOwnerId);

    /// <inheritdoc/>
    public override string ToString() => (ToVoicemail, Destination) switch
    {
        (false, var d) => $"Divert callId={CallId} to {d}",
        (true, null) => $"Divert callId={CallId} to own voicemail",
        (true, var d) => $"Divert callId={CallId} to the voicemail of {d}",
    };

    internal override byte[] WriteBody() => WebexRequestJsonContext.WriteBody(new() { CallId = CallId, Destination = Destination?.ToString(), ToVoicemail = ToVoicemail ? true : null, LineOwnerId = LineOwnerId }, WebexRequestJsonContext.Default.CommandBody);

    private static DivertRequest Create(string callId, string? destination, bool destinationRequired, bool toVoicemail, string? lineOwnerId)
    {
        var violations = new List<RequestRules.Violation>(1);
        RequestRules.CheckRequiredId("callId", callId, "it names the call to divert", violations);
        var parsed = RequestRules.CheckDestination("destination", destination, violations, destinationRequired ? "only a divert to the user's own voicemail has no destination" : null);
        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        RequestRules.ThrowIfAny("divert", violations);
        return new DivertRequest(callId, parsed, toVoicemail, lineOwnerId);
    }
}
