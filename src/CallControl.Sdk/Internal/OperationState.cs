using CallControl.Sdk.Http;

namespace CallControl.Sdk.Internal;

/// <summary>What one operation carries across its attempts: the same tracking id and body on every attempt.</summary>
internal sealed class OperationState
{
    private bool _mayHaveActed;
    private AttemptResult? _replay;

    /// <param name="request">The request every attempt sends.</param>
    /// <param name="trackingId">The request's TrackingID, or the one made up for it.</param>
    /// <param name="budget">The operation's time budget, or null when it has none.</param>
    /// <param name="startedAt">The injected clock's timestamp when the operation started.</param>
    /// <param name="transport">The client's HttpClient, Refit client and lifetime.</param>
    internal OperationState(ApiRequest request, string trackingId, TimeSpan? budget, long startedAt, ClientTransport transport)
    {
        Request = request;
        Operation = request.Operation;
        TrackingId = trackingId;
        Budget = budget;
        StartedAt = startedAt;
        Transport = transport;
    }

    internal ApiRequest Request { get; }

    internal Operation Operation { get; }

    internal string TrackingId { get; }

    /// <summary>The operation's time budget, or null when it has none.</summary>
    internal TimeSpan? Budget { get; }

    /// <summary>When the operation started, as a monotonic timestamp of the injected clock (cheaper to read than wall time).</summary>
    internal long StartedAt { get; }

    internal ClientTransport Transport { get; }

    /// <summary>The current attempt's content (a command's), which records its passes through the send guard.</summary>
    internal CommandContent? Content { get; private set; }

    /// <summary>How much of the budget is left, or null when there is no budget.</summary>
    internal TimeSpan? Remaining(TimeProvider timeProvider) => Budget is { } budget ? budget - timeProvider.GetElapsedTime(StartedAt) : null;

    /// <summary>Requests handed to the HttpClient so far (0 when nothing was sent).</summary>
    internal int Attempts { get; private set; }

    /// <summary>True from the moment a request is handed to HttpClient until its answer (headers and, for a query, body) is in.</summary>
    internal bool InFlight { get; private set; }

    /// <summary>True while a query's answer body is being read.</summary>
    internal bool ReadingAnswer { get; set; }

    /// <summary>True when the last query attempt that timed out was reading its answer's body.</summary>
    internal bool LastAttemptTimedOutReading { get; set; }

    /// <summary>A query's answer body, read inside its attempt (so the attempt's timeout covers it).</summary>
    internal (byte[] Bytes, bool Truncated)? QueryAnswer { get; set; }

    /// <summary>
    /// True when a command's request bytes may have reached the server without an answer that proves it did not act:
    /// the one source of <see cref="CallControlException.OutcomeUnknown"/> for failures other than an error status.
    /// Sticky across attempts. With the send guard in the pipeline it is exact; otherwise every request handed to
    /// HttpClient that did not fail to connect counts.
    /// </summary>
    internal bool MayHaveActed => Operation.IsCommand && (_mayHaveActed || (InFlight && !Transport.Guarded) || Content?.MayHaveActed == true);

    /// <summary>The last error answer and its Retry-After, parsed once when it arrived (the retry decision, its delay, the gate and the exception all read this).</summary>
    internal (HttpResponseMessage? Response, TimeSpan? RetryAfter) LastError { get; private set; }

    /// <summary>Records an error answer's Retry-After (null when it has none that parses).</summary>
    internal void Answered(HttpResponseMessage response, TimeSpan? retryAfter) => LastError = (response, retryAfter);

    /// <summary>The Retry-After of <paramref name="response"/> when it is the recorded answer; otherwise null.</summary>
    internal TimeSpan? RetryAfterOf(HttpResponseMessage? response) => ReferenceEquals(LastError.Response, response) ? LastError.RetryAfter : null;

    internal string Authorization { get; set; } = string.Empty;

    /// <summary>Starts an attempt: counts it and gives a command a fresh content of the same bytes.</summary>
    internal void BeginSend()
    {
        Attempts++;
        InFlight = true;
        Content = Request.CreateContent();
    }

    /// <summary>The attempt's answer arrived (for a query, its body is read separately).</summary>
    internal void EndSend() => InFlight = false;

    /// <summary>The attempt failed while sending: remember whether it may have acted before it is forgotten.</summary>
    internal void EndSend(Exception exception)
    {
        if (Operation.IsCommand)
        {
            _mayHaveActed |= Transport.Guarded
                ? Content?.MayHaveActed == true
                : !ErrorMapper.ProvablyNotSent(exception);
        }

        InFlight = false;
    }

    /// <summary>Hands Polly an answer already received, as its first attempt's (see <see cref="OperationExecutor"/>).</summary>
    internal void Replay(AttemptResult first) => _replay = first;

    /// <summary>The answer to hand back once, or null: every later attempt is sent.</summary>
    internal AttemptResult? TakeReplay()
    {
        var first = _replay;
        _replay = null;
        return first;
    }

    /// <summary>Sends this attempt's request through Refit.</summary>
    internal Task<HttpResponseMessage> SendAsync(CancellationToken cancellationToken)
        => Request.SendAsync(Transport.Api, Content, Authorization, TrackingId, cancellationToken);
}
