using System.Diagnostics.CodeAnalysis;

namespace CallControl.Sdk;

/// <summary>
/// The state of calls, kept from their webhook events, that an app can read and wait on instead of polling
/// <see cref="CallControlClient.ListCallsAsync(CancellationToken)"/> (which spends the rate limit its commands need). Events may arrive
/// out of order and twice: <see cref="Apply"/> orders them by <see cref="CallEvent.Timestamp"/> and drops duplicates.
/// Ended calls are forgotten after <see cref="CallEventTrackerOptions.EndedCallRetention"/>, and calls (or waits) with
/// no event for <see cref="CallEventTrackerOptions.InactiveCallRetention"/>, so memory stays bounded under an event
/// storm and when events are lost. Thread-safe.
/// </summary>
public sealed class CallEventTracker
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Tracked> _calls = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;
    private readonly TimeSpan _inactiveRetention;
    private long _nextSweepTicks;

    /// <summary>Creates a tracker.</summary>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="CallEventTrackerOptions.EndedCallRetention"/> is negative or over a day, or
    /// <see cref="CallEventTrackerOptions.InactiveCallRetention"/> is under a minute or over 7 days.</exception>
    public CallEventTracker(CallEventTrackerOptions? options = null)
    {
        options ??= new CallEventTrackerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EndedCallRetention, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.EndedCallRetention, TimeSpan.FromDays(1), nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InactiveCallRetention, TimeSpan.FromMinutes(1), nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.InactiveCallRetention, TimeSpan.FromDays(7), nameof(options));
        _time = options.TimeProvider ?? TimeProvider.System;
        _retention = options.EndedCallRetention;
        _inactiveRetention = options.InactiveCallRetention;
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
        List<Waiter>? expired;
        var applied = false;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            expired = SweepIfDue(now);
            if (!_calls.TryGetValue(callEvent.CallId, out var tracked))
            {
                tracked = new Tracked();
                _calls.Add(callEvent.CallId, tracked);
            }

            tracked.LastSeen = now;
            var stale = tracked.Call is not null && (callEvent.Timestamp < tracked.Timestamp || (callEvent.Timestamp == tracked.Timestamp && tracked.AppliedAtTimestamp.Contains(callEvent.EventType)));
            if (!stale)
            {
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
                applied = true;
            }
        }

        expired?.ForEach(static w => w.Complete());
        done?.ForEach(static w => w.Complete());
        return applied;
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

    /// <summary>A call as the tracker last saw it, only when that event is from <paramref name="since"/> or later.</summary>
    internal bool TryGetCallSince(string callId, DateTimeOffset since, [NotNullWhen(true)] out CallDetails? call)
    {
        lock (_lock)
        {
            call = _calls.TryGetValue(callId, out var tracked) && tracked.Call is not null && tracked.Timestamp >= since ? tracked.Call : null;
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
        List<Waiter>? expired;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            expired = SweepIfDue(now);
            if (!_calls.TryGetValue(callId, out var tracked))
            {
                tracked = new Tracked { LastSeen = now };
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

        expired?.ForEach(static w => w.Complete());

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

    /// <summary>Forgets now, instead of at the next event or wait, ended calls older than the retention and calls with no event for the inactive retention (failing their waits).</summary>
    public void Sweep()
    {
        List<Waiter>? expired;
        lock (_lock)
        {
            expired = SweepCore(_time.GetUtcNow());
        }

        expired?.ForEach(static w => w.Complete());
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

    /// <returns>The waits of the calls it forgot, to fail outside the lock.</returns>
    private List<Waiter>? SweepIfDue(DateTimeOffset now)
    {
        // At most every half retention: an event storm pays for a sweep rarely, and ended calls live at most 1.5 retentions.
        if (now.UtcTicks < _nextSweepTicks)
        {
            return null;
        }

        _nextSweepTicks = now.UtcTicks + Math.Max(_retention.Ticks / 2, TimeSpan.TicksPerSecond);
        return SweepCore(now);
    }

    /// <returns>The waits of the calls it forgot, to fail outside the lock.</returns>
    private List<Waiter>? SweepCore(DateTimeOffset now)
    {
        List<string>? gone = null;
        List<Waiter>? expired = null;
        foreach (var (callId, tracked) in _calls)
        {
            var forget = tracked.EndedAt is { } ended ? now - ended >= _retention : now - tracked.LastSeen >= _inactiveRetention;
            if (forget)
            {
                (gone ??= []).Add(callId);
                foreach (var waiter in tracked.Waiters)
                {
                    waiter.TimedOut = _inactiveRetention;
                    (expired ??= []).Add(waiter);
                }

                tracked.Waiters.Clear();
            }
        }

        gone?.ForEach(id => _calls.Remove(id));
        return expired;
    }

    private sealed class Tracked
    {
        internal CallDetails? Call { get; set; }

        internal DateTimeOffset Timestamp { get; set; }

        /// <summary>The kinds applied at <see cref="Timestamp"/>: another kind at the same instant is news, the same kind a duplicate.</summary>
        internal HashSet<CallEventType> AppliedAtTimestamp { get; } = [];

        internal DateTimeOffset? EndedAt { get; set; }

        /// <summary>When an event last mentioned the call (or a wait first named it).</summary>
        internal DateTimeOffset LastSeen { get; set; }

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

        /// <summary>Set when the call was forgotten for want of events: the wait fails with a timeout.</summary>
        internal TimeSpan? TimedOut { get; set; }

        internal void Complete()
        {
            Registration.Dispose();
            if (TimedOut is { } after)
            {
                Source.TrySetException(new TimeoutException($"No event for call '{Internal.Text.Printable(CallId)}' within {after.TotalMinutes:0.#} minutes (CallEventTrackerOptions.InactiveCallRetention); ask GetCallAsync for it."));
            }
            else if (Outcome is { } call)
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
