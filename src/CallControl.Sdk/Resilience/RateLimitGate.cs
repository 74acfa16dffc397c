namespace CallControl.Sdk.Internal;

/// <summary>
/// Shared by every request of one client (one token). A 429 with Retry-After closes it until that instant, so requests
/// started meanwhile wait here instead of each collecting a 429 of its own. It also learns a pace from the 429: when
/// the gate opens, requests go out at the rate the server showed it accepts instead of all at once, so they do not
/// empty the server's bucket again and collect the next round of 429s.
/// </summary>
/// <remarks>
/// <para>
/// The pace is a token bucket learned from the successes of the window that ended in the 429: those counted since the
/// gate last opened, plus those answered while it was closed (sent before it closed; nothing is sent while it is
/// closed). With at least <see cref="MinSuccessesToLearn"/> of them (otherwise nothing is learned and the gate only
/// closes), the bucket's capacity is the successes times <see cref="BackOffFactor"/> (what the server let through at
/// once, less what it refilled meanwhile), and its rate is the successes spread over the Retry-After window (plus up
/// to one more such window of the time before the 429: since the gate opened, or since the first success), times
/// <see cref="SafetyFactor"/>. It is learned when the gate
/// opens, so late answers count.
/// </para>
/// <para>
/// A 429 while pacing lowers the rate by <see cref="RateBackOffFactor"/> and the capacity by <see cref="BackOffFactor"/>. The pace lasts
/// <see cref="PaceLifetime"/> after the gate opens; then requests go freely again until the next 429.
/// </para>
/// </remarks>
internal sealed class RateLimitGate
{
    internal const int MinSuccessesToLearn = 10;
    internal const double SafetyFactor = 0.98;
    internal const double BackOffFactor = 0.9;
    internal const double RateBackOffFactor = 0.97;
    internal static readonly TimeSpan PaceLifetime = TimeSpan.FromSeconds(60);

    private readonly object _lock = new();
    private readonly TimeProvider _timeProvider;
    private volatile bool _everClosed;
    private volatile bool _windowStarted;
    private long _successes;
    private long _openAtTicks;
    private long _askedUntilTicks;
    private long _windowStartTicks;
    private bool _learnPending;
    private bool _backOffPending;
    private long _stormSuccesses;
    private long _stormAtTicks;
    private TimeSpan _stormRetryAfter;
    private double _rate;
    private double _capacity;
    private double _tokens;
    private long _refilledAtTicks;
    private long _paceUntilTicks;

    internal RateLimitGate(TimeProvider timeProvider) => _timeProvider = timeProvider;

    /// <summary>False until the first 429: lets every call skip the gate (and the clock) while it has never closed.</summary>
    internal bool EverClosed => _everClosed;

    /// <summary>The learned pace in requests per second (0 when not pacing) and the capacity of its bucket, for tests and diagnostics.</summary>
    internal (double Rate, double Capacity) Pace
    {
        get
        {
            lock (_lock)
            {
                return (_rate, _capacity);
            }
        }
    }

    /// <summary>Counts a success: the evidence the next pace is learned from.</summary>
    internal void OnSuccess()
    {
        if (!_windowStarted)
        {
            // The first window starts with the first success (read once: the clock is not read per call).
            _windowStarted = true;
            Interlocked.CompareExchange(ref _windowStartTicks, _timeProvider.GetUtcNow().UtcTicks, 0);
        }

        Interlocked.Increment(ref _successes);
    }

    /// <summary>How long the gate stays closed; zero when it is open.</summary>
    internal TimeSpan ClosedFor(DateTimeOffset now)
    {
        var remaining = Volatile.Read(ref _openAtTicks) - now.UtcTicks;
        return remaining > 0 ? TimeSpan.FromTicks(remaining) : TimeSpan.Zero;
    }

    /// <summary>How much longer the server asked to wait than now (may exceed <see cref="ClosedFor"/>, which is capped); zero when it asked for nothing.</summary>
    internal TimeSpan AskedFor(DateTimeOffset now)
    {
        var remaining = Volatile.Read(ref _askedUntilTicks) - now.UtcTicks;
        return remaining > 0 ? TimeSpan.FromTicks(remaining) : TimeSpan.Zero;
    }

    /// <summary>
    /// A 429 with a positive Retry-After: closes the gate until then, but never longer than <paramref name="cap"/>
    /// (so one huge Retry-After cannot close the client for years; after the cap, calls ask the server again). The
    /// first 429 of a storm ends the learning window.
    /// </summary>
    internal void OnRateLimited(DateTimeOffset now, TimeSpan retryAfter, TimeSpan? cap = null)
    {
        var nowTicks = now.UtcTicks;
        var closedFor = cap is { } limit && limit < retryAfter ? limit : retryAfter;
        lock (_lock)
        {
            _everClosed = true;
            var alreadyClosed = _openAtTicks > nowTicks;
            _openAtTicks = Math.Max(_openAtTicks, nowTicks + closedFor.Ticks);
            Volatile.Write(ref _askedUntilTicks, Math.Max(_askedUntilTicks, nowTicks + retryAfter.Ticks));
            if (alreadyClosed)
            {
                // Another request of the same storm: in flight before the gate closed, it teaches nothing new.
                return;
            }

            _backOffPending = _rate > 0 && nowTicks < _paceUntilTicks;
            _stormSuccesses = Interlocked.Exchange(ref _successes, 0);
            _stormAtTicks = nowTicks;
            _stormRetryAfter = retryAfter;
            _learnPending = true;
        }
    }

    /// <summary>
    /// How long an attempt starting now must wait. While the gate is closed: until it opens (<paramref name="closed"/>
    /// is true, nothing is reserved; ask again then). Once open: for its turn in the pace, which is reserved only
    /// when the wait is at most <paramref name="maxWait"/> (a longer wait is returned for the caller to fail with).
    /// </summary>
    internal TimeSpan Reserve(DateTimeOffset now, TimeSpan maxWait, out bool closed)
    {
        var nowTicks = now.UtcTicks;
        lock (_lock)
        {
            if (_openAtTicks > nowTicks)
            {
                closed = true;
                return TimeSpan.FromTicks(_openAtTicks - nowTicks);
            }

            closed = false;
            if (_learnPending)
            {
                Learn();
            }

            if (_rate <= 0 || nowTicks >= _paceUntilTicks)
            {
                return TimeSpan.Zero;
            }

            if (nowTicks > _refilledAtTicks)
            {
                _tokens = Math.Min(_capacity, _tokens + (TimeSpan.FromTicks(nowTicks - _refilledAtTicks).TotalSeconds * _rate));
                _refilledAtTicks = nowTicks;
            }

            var wait = _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / _rate);
            if (wait <= maxWait)
            {
                _tokens -= 1;
            }

            return wait;
        }
    }

    private void Learn()
    {
        // Successes answered while the gate was closed were sent before it closed: they belong to the window.
        var successes = _stormSuccesses + Interlocked.Exchange(ref _successes, 0);
        if (_backOffPending)
        {
            _rate *= RateBackOffFactor;
            _capacity = Math.Max(1, Math.Floor(_capacity * BackOffFactor));
        }
        else if (successes >= MinSuccessesToLearn)
        {
            var before = TimeSpan.FromTicks(Math.Clamp(_stormAtTicks - Volatile.Read(ref _windowStartTicks), 0, _stormRetryAfter.Ticks));
            _rate = SafetyFactor * successes / (_stormRetryAfter + before).TotalSeconds;
            _capacity = Math.Floor(successes * BackOffFactor);
        }
        else
        {
            _rate = 0;
        }

        // The server's bucket refilled while the gate was closed: the pace starts full.
        _tokens = _capacity;
        _refilledAtTicks = _openAtTicks;
        _paceUntilTicks = _openAtTicks + PaceLifetime.Ticks;
        Volatile.Write(ref _windowStartTicks, _openAtTicks);
        _learnPending = false;
    }
}
