using System.Net;
using System.Net.Http.Headers;

namespace CallControl.Sdk.Http;

/// <summary>
/// The body of one attempt of a command, and the record of what happened to it below the HttpClient's handlers.
/// <see cref="SendGuardHandler"/> (the innermost handler of every client the SDK builds or registers) asks it for
/// permission before the request reaches the transport: the first pass goes, any later pass of the same content
/// (an outer retry, a hedged copy, a handler calling <c>base.SendAsync</c> twice) is refused, unless every earlier
/// pass provably never left this machine. Hedging and retry handlers share one content across their copies
/// (Microsoft.Extensions.Http.Resilience snapshots the content by reference), so the content is the one object every
/// copy of the request carries.
/// </summary>
internal sealed class CommandContent : ByteArrayContent
{
    private readonly object _lock = new();
    private int _inFlight;
    private bool _mayHaveActed;
    private bool _refused;
    private bool _reachedServer;
    private int? _lastStatus;
    private TaskCompletionSource? _idle;

    internal CommandContent(byte[] utf8, MediaTypeHeaderValue? contentType)
        : base(utf8)
    {
        if (contentType is not null)
        {
            Headers.ContentType = contentType;
        }
    }

    /// <summary>True when a pass reached the transport and did not end in a way that proves the server did not act.</summary>
    internal bool MayHaveActed
    {
        get
        {
            lock (_lock)
            {
                return _mayHaveActed || _inFlight > 0;
            }
        }
    }

    /// <summary>What the guard does with a pass.</summary>
    internal enum Admission
    {
        /// <summary>The first pass (or every earlier one provably never left): send it.</summary>
        Send,

        /// <summary>A resend after the first pass ended: refuse it at once.</summary>
        Refuse,

        /// <summary>A copy sent while the first pass is in flight (hedging): wait for the first to end, then decide.</summary>
        RefuseAfterFirst,
    }

    /// <returns>Whether this pass may go to the transport, and if not, when to refuse it.</returns>
    internal Admission Enter()
    {
        lock (_lock)
        {
            if (_inFlight > 0)
            {
                _refused = true;
                return Admission.RefuseAfterFirst;
            }

            if (_reachedServer || _refused)
            {
                _refused = true;
                return Admission.Refuse;
            }

            _inFlight++;
            return Admission.Send;
        }
    }

    /// <summary>
    /// True when the first pass ended with an answer a resilience handler takes as final (2xx, or a 4xx other than
    /// 408 and 429): a hedged copy then leaves the stage to it instead of racing it with a refusal.
    /// </summary>
    internal bool FirstAnswerIsFinal
    {
        get
        {
            lock (_lock)
            {
                return _lastStatus is { } status && (status is >= 200 and <= 299 || (status is >= 400 and <= 499 && status is not 408 and not 429));
            }
        }
    }

    /// <summary>Completes when no pass is in flight: a refused hedged copy waits for the original to finish first.</summary>
    internal Task WhenIdleAsync()
    {
        lock (_lock)
        {
            if (_inFlight == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    /// <summary>A pass ended with an answer: 2xx means the command happened, an ambiguous 5xx that it may have; any answer ends the right to resend.</summary>
    internal void Exit(HttpStatusCode status)
    {
        lock (_lock)
        {
            _lastStatus = (int)status;
        }

        Exit((int)status is >= 200 and <= 299 || Internal.ErrorMapper.IsAmbiguous(status), reachedServer: true);
    }

    /// <summary>A pass ended with an exception: only a failure to connect proves nothing left.</summary>
    internal void Exit(Exception exception)
        {
        var reached = !Internal.ErrorMapper.ProvablyNotSent(exception);
        Exit(reached, reached);
    }

    private void Exit(bool mayHaveActed, bool reachedServer)
    {
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            _inFlight--;
            _mayHaveActed |= mayHaveActed;
            _reachedServer |= reachedServer;
            if (_inFlight == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }
}
