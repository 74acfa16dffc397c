namespace CallControl.Sdk.Internal;

/// <summary>What one operation carries across its attempts: the same tracking id and body on every attempt.</summary>
internal abstract class OperationState
{
    protected OperationState(Operation operation, string trackingId, TimeSpan? budget, long startedAt)
    {
        Operation = operation;
        TrackingId = trackingId;
        Budget = budget;
        StartedAt = startedAt;
    }

    internal Operation Operation { get; }

    internal string TrackingId { get; }

    /// <summary>The operation's time budget, or null when it has none.</summary>
    internal TimeSpan? Budget { get; }

    /// <summary>When the operation started, as a monotonic timestamp of the injected clock (cheaper to read than wall time).</summary>
    internal long StartedAt { get; }

    /// <summary>How much of the budget is left, or null when there is no budget.</summary>
    internal TimeSpan? Remaining(TimeProvider timeProvider) => Budget is { } budget ? budget - timeProvider.GetElapsedTime(StartedAt) : null;

    /// <summary>Attempts sent (or started) so far.</summary>
    internal int Attempts { get; set; }

    /// <summary>True from the moment a request is handed to HttpClient until its answer arrives: a timeout then leaves a command's outcome unknown.</summary>
    internal bool InFlight { get; set; }

    /// <summary>The wait that the retry decision chose for the next attempt.</summary>
    internal TimeSpan PendingDelay { get; set; }

    internal string Authorization { get; set; } = string.Empty;

    /// <summary>The Refit client of the <see cref="HttpClient"/> this call goes through.</summary>
    internal IWebexCallControlApi Api { get; init; } = null!;

    /// <summary>The executor running this operation (for its logger).</summary>
    internal OperationExecutor Executor { get; init; } = null!;

    /// <summary>Builds and sends one fresh request for this attempt.</summary>
    internal abstract Task<HttpResponseMessage> SendAsync(IWebexCallControlApi api, CancellationToken cancellationToken);
}

/// <summary>An operation whose request is built from one body value by a static send delegate (no per-call closure).</summary>
internal sealed class OperationState<TBody> : OperationState
{
    internal TBody Body { get; }
    private readonly Func<IWebexCallControlApi, TBody, OperationState, CancellationToken, Task<HttpResponseMessage>> _send;

    internal OperationState(Operation operation, string trackingId, TimeSpan? budget, long startedAt, TBody body, Func<IWebexCallControlApi, TBody, OperationState, CancellationToken, Task<HttpResponseMessage>> send)
        : base(operation, trackingId, budget, startedAt)
    {
        Body = body;
        _send = send;
    }

    internal override Task<HttpResponseMessage> SendAsync(IWebexCallControlApi api, CancellationToken cancellationToken)
        => _send(api, Body, this, cancellationToken);
}
