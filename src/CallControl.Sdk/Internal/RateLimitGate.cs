namespace CallControl.Sdk.Internal;

/// <summary>
/// The in-process rate-limit gate (<see cref="CallControlRateLimitGate.CreateInProcess"/>): closed until the latest
/// Retry-After instant a 429 named (at most the cap the caller gives), then, with pacing on, a token bucket learned
/// from the window that ended in the 429 (<see cref="RateLimitPacingOptions"/> says how).
/// </summary>
/// <remarks>
/// Every state change happens under one lock. Two things are read without it, because every call reads them:
/// <see cref="MayHold"/> (false until the first 429, so calls skip the gate and the clock) and the success counter.
/// </remarks>
internal sealed class RateLimitGate : CallControlRateLimitGate
{
    private readonly object _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly RateLimitPacingOptions _pacing;
    private volatile bool _everClosed;
    private long _successes;

    // Guarded by _lock.
    private long _openAtTicks;
    private long _askedUntilTicks;
    private long _windowStartTicks;
    private Storm? _storm;
    private Bucket _pace;

    internal RateLimitGate(TimeProvider timeProvider, RateLimitPacingOptions? pacing = null)
    {
        _timeProvider = timeProvider;
        _pacing = pacing ?? new RateLimitPacingOptions();
    }

    /// <summary>False until the first 429.</summary>
    public override bool MayHold => _everClosed;

    /// <summary>The learned pace in requests per second (0 when not pacing) and the capacity of its bucket, for tests and diagnostics.</summary>
    internal (double Rate, double Capacity) Pace
    {
        get
        {
            lock (_lock)
            {
                return (_pace.Rate, _pace.Capacity);
            }
        }
    }

    public override ValueTask<RateLimitGateTurn> RequestTurnAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var wait = Reserve(now, maxWait, out var closed);
        return new(new RateLimitGateTurn(wait, closed, closed ? AskedFor(now) : TimeSpan.Zero));
    }

    public override ValueTask<TimeSpan> GetClosedForAsync(CancellationToken cancellationToken) => new(ClosedFor(_timeProvider.GetUtcNow()));

    public override ValueTask OnRateLimitedAsync(TimeSpan retryAfter, TimeSpan maxClosed, CancellationToken cancellationToken)
    {
        OnRateLimited(_timeProvider.GetUtcNow(), retryAfter, maxClosed);
        return default;
    }

    public override void OnSuccess()
    {
        if (Interlocked.Increment(ref _successes) == 1 && Volatile.Read(ref _windowStartTicks) == 0)
        {
            // The first window starts with the first success (the clock is read once, not per call).
            Interlocked.CompareExchange(ref _windowStartTicks, _timeProvider.GetUtcNow().UtcTicks, 0);
        }
    }

    /// <summary>How long the gate stays closed; zero when it is open.</summary>
    internal TimeSpan ClosedFor(DateTimeOffset now)
    {
        lock (_lock)
        {
            return Positive(_openAtTicks - now.UtcTicks);
        }
    }

    /// <summary>How much longer than now the server asked to wait (may exceed <see cref="ClosedFor"/>, which is capped).</summary>
    internal TimeSpan AskedFor(DateTimeOffset now)
    {
        lock (_lock)
        {
            return Positive(_askedUntilTicks - now.UtcTicks);
        }
    }

    /// <summary>A 429 with a positive Retry-After: closes the gate until then, for at most <paramref name="cap"/>. The first 429 of a storm ends the learning window.</summary>
    internal void OnRateLimited(DateTimeOffset now, TimeSpan retryAfter, TimeSpan? cap = null)
    {
        var nowTicks = now.UtcTicks;
        var closedFor = cap is { } limit && limit < retryAfter ? limit : retryAfter;
        lock (_lock)
        {
            _everClosed = true;
            var alreadyClosed = _openAtTicks > nowTicks;
            _openAtTicks = Math.Max(_openAtTicks, nowTicks + closedFor.Ticks);
            _askedUntilTicks = Math.Max(_askedUntilTicks, nowTicks + retryAfter.Ticks);
            if (alreadyClosed || !_pacing.Enabled)
            {
                // Another request of the same storm (in flight before the gate closed) teaches nothing new.
                return;
            }

            _storm = new Storm(
                Successes: Interlocked.Exchange(ref _successes, 0),
                AtTicks: nowTicks,
                RetryAfter: retryAfter,
                WhilePacing: _pace.Rate > 0 && nowTicks < _pace.UntilTicks);
        }
    }

    /// <summary>
    /// How long an attempt starting now must wait. While closed: until it opens (<paramref name="closed"/>; nothing
    /// reserved). Once open: for its turn in the pace, reserved only when at most <paramref name="maxWait"/>.
    /// </summary>
    internal TimeSpan Reserve(DateTimeOffset now, TimeSpan maxWait, out bool closed)
    {
        var nowTicks = now.UtcTicks;
        lock (_lock)
        {
            closed = _openAtTicks > nowTicks;
            if (closed)
            {
                return TimeSpan.FromTicks(_openAtTicks - nowTicks);
            }

            if (_storm is { } storm)
            {
                Learn(storm);
            }

            return _pace.Take(nowTicks, maxWait, _pacing.RateIncreasePerSecond);
        }
    }

    private void Learn(Storm storm)
    {
        // Successes answered while the gate was closed were sent before it closed: they belong to the window.
        var successes = storm.Successes + Interlocked.Exchange(ref _successes, 0);
        double rate;
        double capacity;
        if (storm.WhilePacing)
        {
            // The server's bucket refills at about the pace while the gate is closed: the burst after it is what
            // refills in the Retry-After window (less the margin), never more than the burst learned before.
            rate = _pace.Rate * _pacing.RateBackOffFactor;
            capacity = Math.Max(1, Math.Min(_pace.Capacity, Math.Floor(rate * storm.RetryAfter.TotalSeconds * _pacing.BackOffFactor)));
        }
        else if (successes >= _pacing.MinSuccessesToLearn)
        {
            var before = TimeSpan.FromTicks(Math.Clamp(storm.AtTicks - _windowStartTicks, 0, storm.RetryAfter.Ticks));
            rate = _pacing.SafetyFactor * successes / (storm.RetryAfter + before).TotalSeconds;
            capacity = Math.Floor(successes * _pacing.BackOffFactor);
        }
        else
        {
            rate = 0;
            capacity = 0;
        }

        // The server's bucket refilled while the gate was closed: the pace starts full.
        _pace = new Bucket(rate, capacity, Tokens: capacity, RefilledAtTicks: _openAtTicks, UntilTicks: _openAtTicks + _pacing.Lifetime.Ticks, RaisedAtTicks: _openAtTicks);
        _windowStartTicks = _openAtTicks;
        _storm = null;
    }

    private static TimeSpan Positive(long ticks) => ticks > 0 ? TimeSpan.FromTicks(ticks) : TimeSpan.Zero;

    /// <summary>What the first 429 of a storm taught: the window it ended.</summary>
    private sealed record Storm(long Successes, long AtTicks, TimeSpan RetryAfter, bool WhilePacing);

    /// <summary>
    /// The learned pace: a token bucket of <see cref="Capacity"/> refilled at <see cref="Rate"/> per second until
    /// <see cref="UntilTicks"/>, its rate raised a little for every second without a 429 (since <see cref="RaisedAtTicks"/>),
    /// so a pace learned too low finds its way up instead of wasting the rest of its lifetime.
    /// </summary>
    private record struct Bucket(double Rate, double Capacity, double Tokens, long RefilledAtTicks, long UntilTicks, long RaisedAtTicks)
    {
        /// <summary>The wait for a turn; the turn is taken when the wait is at most <paramref name="maxWait"/>.</summary>
        internal TimeSpan Take(long nowTicks, TimeSpan maxWait, double increasePerSecond)
        {
            if (Rate <= 0 || nowTicks >= UntilTicks)
            {
                return TimeSpan.Zero;
            }

            if (increasePerSecond > 0 && nowTicks - RaisedAtTicks >= TimeSpan.TicksPerSecond)
            {
                Rate *= 1 + increasePerSecond;
                RaisedAtTicks = nowTicks;
            }

            if (nowTicks > RefilledAtTicks)
            {
                Tokens = Math.Min(Capacity, Tokens + (TimeSpan.FromTicks(nowTicks - RefilledAtTicks).TotalSeconds * Rate));
                RefilledAtTicks = nowTicks;
            }

            var wait = Tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - Tokens) / Rate);
            if (wait <= maxWait)
            {
                Tokens -= 1;
            }

            return wait;
        }
    }
}
