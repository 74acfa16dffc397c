using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

/// <summary>A request to send DTMF tones on a call, for example to navigate an IVR menu.</summary>
public sealed class TransmitDtmfRequest : CallControlRequest
{
    /// <summary>The most characters a DTMF string may have.</summary>
    internal const int MaxDtmfLength = 256;

    /// <summary>Creates a DTMF request.</summary>
    /// <param name="callId">The call to send the tones on.</param>
    /// <param name="dtmf">The tones: <c>0-9</c>, <c>*</c>, <c>#</c> and <c>A-D</c>, with <c>,</c> for a pause (for example <c>1,234#</c>).</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line the call is on.</param>
    /// <exception cref="CallControlRequestValidationException">The call id or DTMF string is missing or invalid; the message names the first bad character and its position.</exception>
    public TransmitDtmfRequest(string callId, string dtmf, string? lineOwnerId = null)
        : base(lineOwnerId, null)
    {
        var violations = new List<RequestRules.Violation>(1);
        RequestRules.CheckRequiredId("callId", callId, "it names the call to send the tones on", violations);
        if (CheckDtmf(dtmf) is { } problem)
        {
            violations.Add(new("dtmf", problem));
        }

        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        RequestRules.ThrowIfAny("transmitDtmf", violations);
        CallId = callId;
        Dtmf = dtmf;
    }

    /// <summary>Gets the call the tones are sent on.</summary>
    public string CallId { get; }

    /// <summary>Gets the tones, exactly as sent.</summary>
    public string Dtmf { get; }

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public TransmitDtmfRequest WithTrackingId(string trackingId) => WithTrackingIdCore<TransmitDtmfRequest>(trackingId, "transmitDtmf");

    /// <inheritdoc/>
    public override string ToString() => $"Transmit DTMF {Dtmf} on callId={CallId}";

    internal override byte[] WriteBody() => WebexRequestJsonContext.WriteBody(new() { CallId = CallId, Dtmf = Dtmf, LineOwnerId = LineOwnerId }, WebexRequestJsonContext.Default.CommandBody);

    /// <summary>The DTMF rule: Webex's documented set <c>0-9 * # A B C D</c> plus <c>,</c> pauses, at least one tone.</summary>
    private static string? CheckDtmf(string? dtmf)
    {
        if (dtmf is null)
        {
            return "dtmf is required: it holds the tones to send.";
        }

        if (dtmf.Length == 0)
        {
            return "dtmf must not be empty.";
        }

        if (dtmf.Length > MaxDtmfLength)
        {
            return $"dtmf is {dtmf.Length} characters long; the limit is {MaxDtmfLength}.";
        }

        var tones = 0;
        for (var i = 0; i < dtmf.Length; i++)
        {
            var c = dtmf[i];
            if (c == ',')
            {
                continue;
            }

            if (!(char.IsAsciiDigit(c) || c is '*' or '#' or 'A' or 'B' or 'C' or 'D'))
            {
                var shown = char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";
                return $"dtmf has {shown} at position {i + 1}; only 0-9, *, #, A-D and ',' (a pause) are allowed.";
            }

            tones++;
        }

        return tones == 0 ? "dtmf must hold at least one tone, not only ',' pauses." : null;
    }
}
