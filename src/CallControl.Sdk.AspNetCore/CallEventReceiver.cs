using System.Buffers;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallControl.Sdk.AspNetCore;

/// <summary>
/// One call event endpoint. A delivery is read (bounded), verified and parsed (<see cref="CallEventParser"/>), put in a
/// bounded queue and acknowledged at once (202), so a slow handler never makes Webex's delivery time out. One worker
/// hands the queued events to the handler in order of arrival. When the app stops, the queue is closed (later
/// deliveries get 503) and the events already accepted are handed over before it ends (up to the drain timeout).
/// </summary>
internal sealed partial class CallEventReceiver
{
    internal const string SignatureHeader = "X-Spark-Signature";
    private readonly Channel<CallEvent> _queue;
    private readonly Func<CallEvent, CancellationToken, Task> _handler;
    private readonly string _secret;
    private readonly ILogger _logger;
    private readonly TimeSpan _drainTimeout;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _worker;

    internal CallEventReceiver(string pattern, string secret, Func<CallEvent, CancellationToken, Task> handler, CallEventReceiverOptions options, ILogger logger)
    {
        Pattern = pattern;
        Capacity = options.QueueCapacity;
        ReceiverTelemetry.Track(this);
        _secret = secret;
        _handler = handler;
        _logger = logger;
        _drainTimeout = options.DrainTimeout;
        _queue = Channel.CreateBounded<CallEvent>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _worker = Task.Run(RunAsync);
    }

    /// <summary>Events accepted and not yet handed to the handler.</summary>
    internal int Queued => _queue.Reader.Count;

    /// <summary>The route it serves.</summary>
    internal string Pattern { get; }

    /// <summary>How many events the queue holds at most.</summary>
    internal int Capacity { get; }

    /// <summary>True once the queue is closed (the app is stopping): deliveries get 503.</summary>
    internal bool Stopped => _queue.Reader.Completion.IsCompleted || _stopping;

    private volatile bool _stopping;

    internal async Task HandleAsync(HttpContext context)
    {
        var (body, length, tooLarge) = await ReadBoundedAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        try
        {
            if (tooLarge)
            {
                Refused(context, StatusCodes.Status413PayloadTooLarge, CallEventProblem.TooLarge, "the body is larger than 1 MiB");
                ReceiverTelemetry.Rejected(Pattern, "too_large");
                return;
            }

            CallEvent callEvent;
            try
            {
                callEvent = CallEventParser.Parse(body.AsSpan(0, length), context.Request.Headers[SignatureHeader].FirstOrDefault(), _secret);
            }
            catch (CallEventValidationException ex)
            {
                var status = ex.Problem switch
                {
                    CallEventProblem.MissingSignature or CallEventProblem.InvalidSignature => StatusCodes.Status401Unauthorized,
                    CallEventProblem.TooLarge => StatusCodes.Status413PayloadTooLarge,
                    _ => StatusCodes.Status400BadRequest,
                };
                Refused(context, status, ex.Problem, ex.Message);
                ReceiverTelemetry.Rejected(Pattern, ReceiverTelemetry.ReasonOf(ex.Problem));
                return;
            }

            if (!_queue.Writer.TryWrite(callEvent))
            {
                LogQueueFull(_logger, context.Request.Path, callEvent.CallId);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                ReceiverTelemetry.Rejected(Pattern, _stopping ? "stopping" : "queue_full");
                return;
            }

            ReceiverTelemetry.Accepted(Pattern);

            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>Closes the queue and waits for the events already accepted to be handled, up to the drain timeout or <paramref name="cancellationToken"/> (the host's own shutdown timeout).</summary>
    internal async Task DrainAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        var left = _queue.Reader.Count;
        try
        {
            await _worker.WaitAsync(_drainTimeout, cancellationToken).ConfigureAwait(false);
            LogDrained(_logger, left);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            LogDrainTimedOut(_logger, _queue.Reader.Count, (long)_drainTimeout.TotalSeconds);
            await _abort.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task<(byte[] Body, int Length, bool TooLarge)> ReadBoundedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = CallEventParser.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            return (ArrayPool<byte>.Shared.Rent(1), 0, true);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is long declared ? (int)declared + 1 : 4096);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    return (buffer, length, true);
                }

                var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, buffer.Length * 2));
                buffer.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer, length, length > limit);
            }

            length += read;
        }
    }

    private void Refused(HttpContext context, int status, CallEventProblem problem, string reason)
    {
        LogRefused(_logger, context.Request.Path, status, problem, reason);
        context.Response.StatusCode = status;
    }

    private async Task RunAsync()
    {
        await foreach (var callEvent in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await _handler(callEvent, _abort.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The delivery was acknowledged already: a failing handler is the app's to fix, never Webex's to see.
                LogHandlerFailed(_logger, ex, callEvent.EventType, callEvent.CallId);
            }
        }
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Refused a call event delivery to {Path} with {StatusCode} ({Problem}): {Reason}")]
    private static partial void LogRefused(ILogger logger, PathString path, int statusCode, CallEventProblem problem, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "The call event queue of {Path} is full; answered 503 for an event of call {CallId}")]
    private static partial void LogQueueFull(ILogger logger, PathString path, string callId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "The call event handler failed on {EventType} of call {CallId}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, CallEventType eventType, string callId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Call event queue drained: {Count} accepted event(s) were handed over before stopping")]
    private static partial void LogDrained(ILogger logger, int count);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Call event queue not drained within {Seconds} s: {Count} accepted event(s) were not handled; the handler's token is cancelled")]
    private static partial void LogDrainTimedOut(ILogger logger, int count, long seconds);
}
