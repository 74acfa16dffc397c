namespace CallControl.Sdk.Internal;

/// <summary>
/// One run of an operation across its attempts: the request every attempt sends, the TrackingID they share, the time
/// budget, and the record of what reached Webex. The record is written in one place, <see cref="AttemptPipeline"/>,
/// from each send's <see cref="AttemptOutcome"/>; everything else only reads it.
/// </summary>
internal sealed class OperationRun
{
    /// <param name="request">The request every attempt sends.</param>
    /// <param name="trackingId">The request's TrackingID, or the one made up for it.</param>
    /// <param name="budget">The operation's time budget, or null when it has none.</param>
    /// <param name="startedAt">The injected clock's timestamp when the operation started.</param>
    /// <param name="transport">The client's HttpClient, Refit client and lifetime.</param>
    /// <param name="attempt">The stages of one attempt, which Polly's retry calls.</param>
    internal OperationRun(ApiRequest request, string trackingId, TimeSpan? budget, long startedAt, ClientTransport transport, AttemptPipeline attempt)
    {
        Request = request;
        TrackingId = trackingId;
        Budget = budget;
        StartedAt = startedAt;
        Transport = transport;
        Attempt = attempt;
    }

    internal ApiRequest Request { get; }

    internal Operation Operation => Request.Operation;

    internal string TrackingId { get; }

    /// <summary>The operation's time budget, or null when it has none.</summary>
    internal TimeSpan? Budget { get; }

    /// <summary>When the operation started, as a timestamp of the injected clock.</summary>
    internal long StartedAt { get; }

    internal ClientTransport Transport { get; }

    internal AttemptPipeline Attempt { get; }

    /// <summary>Requests handed to the HttpClient so far (0 when nothing was sent).</summary>
    internal int Attempts { get; private set; }

    /// <summary>
    /// True once any send of a command may have reached Webex without an answer that proves it did not act: the one
    /// source of <see cref="CallControlException.OutcomeUnknown"/> besides an ambiguous status. Never reset.
    /// </summary>
    internal bool MayHaveActed { get; private set; }

    /// <summary>How much of the budget is left, or null when there is no budget.</summary>
    internal TimeSpan? Remaining(TimeProvider timeProvider) => Budget is { } budget ? budget - timeProvider.GetElapsedTime(StartedAt) : null;

    /// <summary>Counts a send and keeps whether it may have acted.</summary>
    internal void Record(AttemptOutcome sent)
    {
        Attempts++;
        MayHaveActed |= sent.MayHaveActed;
    }
}
