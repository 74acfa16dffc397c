using System.Diagnostics.CodeAnalysis;

namespace CallControl.Sdk;

/// <summary>
/// The state of calls, kept from their webhook events, that an app can read and wait on instead of polling
/// <see cref="CallControlClient.ListCallsAsync(CancellationToken)"/> (which spends the rate limit its commands need). Events may arrive
/// out of order and twice: <see cref="Apply"/> orders them by <see cref="CallEvent.Timestamp"/> and drops duplicates.
/// Ended calls are forgotten after <see cref="CallEventTrackerOptions.EndedCallRetention"/>, so memory stays bounded
/// under an event storm. Thread-safe.
/// </summary>
public sealed class CallEventTracker
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Tracked> _calls = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;
    private long _nextSweepTicks;

    /// <summary>Creates a tracker.</summary>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="CallEventTrackerOptions.EndedCallRetention"/> is negative or over a day.</exception>
    public CallEventTracker(CallEventTrackerOptions? options = null)
    {
        options ??= new CallEventTrackerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EndedCallRetention, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.EndedCallRetention, TimeSpan.FromDays(1), nameof(options));
        _time = options.TimeProvider ?? TimeProvider.System;
        _retention = options.EndedCallRetention;
    }

    /// <summary>Gets how many calls the tracker holds (live ones, and ended ones not yet forgotten).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _calls.Count;
            }
        }
    }

    /// <summary>Applies an event to its call's state.</summary>
    /// <param name="callEvent">The event.</param>
    /// <returns><see langword="false"/> when the event was a duplicate or older than the state already held (it changes nothing).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callEvent"/> is <see langword="null"/>.</exception>
    public bool Apply(CallEvent callEvent)
    {
        ArgumentNullException.ThrowIfNull(callEvent);
        List<Waiter>? done = null;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            SweepIfDue(now);
            if (!_calls.TryGetValue(callEvent.CallId, out var tracked))
            {
                tracked = new Tracked();
                _calls.Add(callEvent.CallId, tracked);
            }
            else if (tracked.Call is not null && (callEvent.Timestamp < tracked.Timestamp || (callEvent.Timestamp == tracked.Timestamp && tracked.AppliedAtTimestamp.Contains(callEvent.EventType))))
            {
                return false;
            }

            if (tracked.Call is null || callEvent.Timestamp > tracked.Timestamp)
            {
                tracked.AppliedAtTimestamp.Clear();
            }

            tracked.AppliedAtTimestamp.Add(callEvent.EventType);
            tracked.Timestamp = callEvent.Timestamp;
            tracked.Call = callEvent.Call;
            var ended = IsEnded(callEvent);
            if (ended)
            {
                tracked.EndedAt = now;
            }

            done = tracked.Settle(StateOf(callEvent), ended);
        }

        done?.ForEach(static w => w.Complete());
        return true;
    }

    /// <summary>Gets a call's latest known state.</summary>
    /// <param name="callId">The call.</param>
    /// <param name="call">The call as its latest applied event describes it.</param>
    /// <returns>Whether the tracker knows the call.</returns>
    public bool TryGetCall(string callId, [NotNullWhen(true)] out CallDetails? call)
    {
        ArgumentNullException.ThrowIfNull(callId);
        lock (_lock)
        {
            call = _calls.TryGetValue(callId, out var tracked) ? tracked.Call : null;
            return call is not null;
        }
    }

    /// <summary>
    /// Completes when the call reaches <paramref name="state"/> (at once if it already has), for example when a consult
    /// call is <see cref="CallState.Connected"/> and an attended transfer can complete. The call need not be known yet.
    /// </summary>
    /// <param name="callId">The call.</param>
    /// <param name="state">The state to wait for.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>The call as the event that reached the state describes it.</returns>
    /// <exception cref="InvalidOperationException">The call disconnected before it reached <paramref name="state"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<CallDetails> WaitForStateAsync(string callId, CallState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callId);
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            if (!_calls.TryGetValue(callId, out var tracked))
            {
                tracked = new Tracked();
                _calls.Add(callId, tracked);
            }

            if (tracked.Call is { } call && call.State == state)
            {
                return Task.FromResult(call);
            }

            if (tracked.EndedAt is not null)
            {
                return Task.FromException<CallDetails>(Ended(callId, state));
            }

            waiter = new Waiter(this, callId, state, tracked);
            tracked.Waiters.Add(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(static (s, token) =>
            {
                var w = (Waiter)s!;
                w.Tracker.Forget(w);
                w.Source.TrySetCanceled(token);
            }, waiter);
        }

        return waiter.Source.Task;
    }

    /// <summary>Forgets ended calls older than the retention now, instead of at the next event.</summary>
    public void Sweep()
    {
        lock (_lock)
        {
            SweepCore(_time.GetUtcNow());
        }
    }

    /// <summary>A cancelled wait leaves, and so does the placeholder of a call no event has mentioned yet.</summary>
    private void Forget(Waiter waiter)
    {
        lock (_lock)
        {
            waiter.Owner.Waiters.Remove(waiter);
            if (waiter.Owner.Call is null && waiter.Owner.Waiters.Count == 0)
            {
                _calls.Remove(waiter.CallId);
            }
        }
    }

    private static bool IsEnded(CallEvent e) => e.EventType == CallEventType.Disconnected || e.Call.State == CallState.Disconnected;

    private static CallState StateOf(CallEvent e) => e.Call.State != CallState.Unknown ? e.Call.State : e.EventType switch
    {
        CallEventType.Alerting => CallState.Alerting,
        CallEventType.Answered or CallEventType.Connected or CallEventType.Resumed => CallState.Connected,
        CallEventType.Held => CallState.Held,
        CallEventType.RemoteHeld => CallState.RemoteHeld,
        CallEventType.Disconnected => CallState.Disconnected,
        _ => CallState.Unknown,
    };

    private static InvalidOperationException Ended(string callId, CallState state)
        => new($"Call '{Internal.Text.Printable(callId)}' disconnected before it reached {state}.");

    private void SweepIfDue(DateTimeOffset now)
    {
        // At most every half retention: an event storm pays for a sweep rarely, and ended calls live at most 1.5 retentions.
        if (now.UtcTicks >= _nextSweepTicks)
        {
            SweepCore(now);
            _nextSweepTicks = now.UtcTicks + Math.Max(_retention.Ticks / 2, TimeSpan.TicksPerSecond);
        }
    }

    private void SweepCore(DateTimeOffset now)
    {
        List<string>? gone = null;
        foreach (var (callId, tracked) in _calls)
        {
            if (tracked.EndedAt is { } ended && now - ended >= _retention)
            {
                (gone ??= []).Add(callId);
            }
        }

        gone?.ForEach(id => _calls.Remove(id));
    }

    private sealed class Tracked
    {
        internal CallDetails? Call { get; set; }

        internal DateTimeOffset Timestamp { get; set; }

        /// <summary>The kinds applied at <see cref="Timestamp"/>: another kind at the same instant is news, the same kind a duplicate.</summary>
        internal HashSet<CallEventType> AppliedAtTimestamp { get; } = [];

        internal DateTimeOffset? EndedAt { get; set; }

        internal List<Waiter> Waiters { get; } = [];

        /// <returns>The waiters this state settles (completed outside the lock).</returns>
        internal List<Waiter>? Settle(CallState state, bool ended)
        {
            List<Waiter>? settled = null;
            for (var i = Waiters.Count - 1; i >= 0; i--)
            {
                var waiter = Waiters[i];
                if (waiter.State == state || ended)
                {
                    waiter.Outcome = waiter.State == state ? Call : null;
                    Waiters.RemoveAt(i);
                    (settled ??= []).Add(waiter);
                }
            }

            return settled;
        }
    }

    private sealed class Waiter(CallEventTracker tracker, string callId, CallState state, Tracked owner)
    {
        internal CallEventTracker Tracker { get; } = tracker;

        internal string CallId { get; } = callId;

        internal TaskCompletionSource<CallDetails> Source { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal CallState State { get; } = state;

        internal Tracked Owner { get; } = owner;

        internal CallDetails? Outcome { get; set; }

        internal CancellationTokenRegistration Registration { get; set; }

        internal void Complete()
        {
            Registration.Dispose();
            if (Outcome is { } call)
            {
                Source.TrySetResult(call);
            }
            else
            {
                Source.TrySetException(Ended(CallId, State));
            }
        }
    }
}
