namespace CallControl.Sdk;

/// <summary>
/// A consult transfer stopped before the caller was transferred (<see cref="CallControlClient.ConsultTransferAsync"/>).
/// <see cref="Stage"/> says where; <see cref="CallerRestored"/> says whether the caller is connected again (the consult
/// call, if one was dialled, was hung up). The inner exception is the step's own failure, if one threw.
/// </summary>
public sealed class ConsultTransferException : CallControlException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened, and what the caller's state is.</param>
    /// <param name="stage">The step that stopped the flow.</param>
    /// <param name="callerRestored">Whether the caller is connected again.</param>
    /// <param name="trackingId">The failed step's TrackingID, if any.</param>
    /// <param name="outcomeUnknown">Whether the transfer itself may have happened (its outcome could not be resolved).</param>
    /// <param name="innerException">The step's failure, if one threw.</param>
    public ConsultTransferException(string message, ConsultTransferStage stage, bool callerRestored, string? trackingId, bool outcomeUnknown, Exception? innerException = null)
        : base(message, trackingId, outcomeUnknown, innerException)
    {
        Stage = stage;
        CallerRestored = callerRestored;
    }

    /// <summary>Gets the step at which the consult transfer stopped.</summary>
    public ConsultTransferStage Stage { get; }

    /// <summary>Gets whether the caller is connected again (taken off hold, or never held); <see langword="false"/> means look at the caller's call.</summary>
    public bool CallerRestored { get; }
}
