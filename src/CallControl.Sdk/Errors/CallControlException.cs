namespace CallControl.Sdk;

/// <summary>
/// The base of every failure the client reports after a request was attempted: transport failures, timeouts and
/// (through <see cref="CallControlApiException"/>) error answers from Webex.
/// </summary>
/// <remarks>
/// Check <see cref="OutcomeUnknown"/> before doing anything else: when it is <see langword="true"/> the command may
/// have been carried out (a 500, 502 or 504 answer, a timeout, a connection lost after the request was sent), so
/// sending it again could transfer a live call twice. Look at the call's state first.
/// </remarks>
public class CallControlException : Exception, ICallControlFailure
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message.</param>
    /// <param name="trackingId">The Webex tracking id of the operation.</param>
    /// <param name="outcomeUnknown">Whether the command may have been carried out.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public CallControlException(string message, string? trackingId, bool outcomeUnknown, Exception? innerException = null)
        : base(message, innerException)
    {
        TrackingId = trackingId;
        OutcomeUnknown = outcomeUnknown;
    }

    /// <summary>Gets the Webex <c>TrackingID</c> of the operation: quote it to Webex support.</summary>
    public string? TrackingId { get; }

    /// <summary>
    /// Gets whether the command may have been carried out despite the failure. When <see langword="true"/>, do not
    /// simply resend a command: a transfer sent twice can move a live call twice.
    /// </summary>
    public bool OutcomeUnknown { get; }

    /// <summary>Gets how many requests were handed to the network before this failure surfaced (0 when nothing was sent, 1 when nothing was retried); settable for tests.</summary>
    /// <value>The default value is 1.</value>
    public int Attempts { get; init; } = 1;

    /// <summary>The command this failure ended and the client that sent it (<see cref="CallControlClient.ResolveOutcomeAsync"/>).</summary>
    internal Internal.FailedCommand? Command { get; set; }
}
