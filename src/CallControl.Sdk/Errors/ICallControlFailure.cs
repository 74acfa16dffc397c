namespace CallControl.Sdk;

/// <summary>
/// What every failure of an operation tells, whatever its type: whether the command may have been carried out, the
/// Webex <c>TrackingID</c>, and how many requests were sent. Implemented by <see cref="CallControlException"/> (and
/// its derived types) and by <see cref="CallControlOperationCanceledException"/>, which is an
/// <see cref="OperationCanceledException"/> and so no <see cref="CallControlException"/>.
/// </summary>
/// <remarks>
/// One clause catches every unknown outcome, a cancellation while the command was on the wire included:
/// <code>catch (Exception e) when (e is ICallControlFailure { OutcomeUnknown: true })</code>
/// </remarks>
public interface ICallControlFailure
{
    /// <summary>
    /// Gets whether the command may have been carried out despite the failure. When <see langword="true"/>, do not
    /// simply resend it: look at the calls first.
    /// </summary>
    bool OutcomeUnknown { get; }

    /// <summary>Gets the Webex <c>TrackingID</c> of the operation: quote it to Webex support.</summary>
    string? TrackingId { get; }

    /// <summary>Gets how many requests were handed to the network (0 when nothing was sent).</summary>
    int Attempts { get; }
}
