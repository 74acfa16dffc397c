namespace CallControl.Sdk;

/// <summary>
/// The caller's <see cref="CancellationToken"/> cancelled an operation. It is an
/// <see cref="OperationCanceledException"/> (its <see cref="OperationCanceledException.CancellationToken"/> is the
/// caller's), so existing cancellation handling keeps working, and it tells what a bare cancellation cannot: whether
/// the command may already have been carried out.
/// </summary>
/// <remarks>
/// Every operation cancelled by the caller's token throws this type, also when the token was cancelled before
/// anything was sent (then <see cref="OutcomeUnknown"/> is <see langword="false"/> and <see cref="Attempts"/> is 0).
/// When <see cref="OutcomeUnknown"/> is <see langword="true"/> the request had been handed to the network when the
/// token was cancelled: the command may have happened, exactly as for a <see cref="CallControlException"/> with
/// <see cref="CallControlException.OutcomeUnknown"/> set. Check the calls before sending it again.
/// </remarks>
public class CallControlOperationCanceledException : OperationCanceledException, ICallControlFailure
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message.</param>
    /// <param name="trackingId">The Webex tracking id of the operation.</param>
    /// <param name="outcomeUnknown">Whether the command may have been carried out.</param>
    /// <param name="attempts">How many requests had been handed to the network.</param>
    /// <param name="innerException">The cancellation as it surfaced from below, if any.</param>
    /// <param name="cancellationToken">The caller's token that was cancelled.</param>
    public CallControlOperationCanceledException(string message, string? trackingId, bool outcomeUnknown, int attempts, Exception? innerException, CancellationToken cancellationToken)
        : base(message, innerException, cancellationToken)
    {
        TrackingId = trackingId;
        OutcomeUnknown = outcomeUnknown;
        Attempts = attempts;
    }

    /// <summary>Gets the Webex <c>TrackingID</c> of the operation: quote it to Webex support.</summary>
    public string? TrackingId { get; }

    /// <summary>Gets whether the command may have been carried out before the cancellation took effect.</summary>
    public bool OutcomeUnknown { get; }

    /// <summary>Gets how many requests had been handed to the network (0 when nothing was sent).</summary>
    public int Attempts { get; }

    /// <summary>The command this failure ended and the client that sent it (<see cref="CallControlClient.ResolveOutcomeAsync"/>).</summary>
    internal Internal.FailedCommand? Command { get; set; }
}
