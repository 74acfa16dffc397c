namespace CallControl.Sdk.Testing;

/// <summary>
/// A clock a running sandbox server can jump forward (<see cref="Advance"/>, or <c>POST /_sandbox/clock/advance</c>):
/// another clock's time plus an offset, so access tokens expire and rate limits refill without waiting, while timers
/// (injected delays, webhook retries) still run in real time. Set it as <see cref="CallControlSandboxOptions.TimeProvider"/>.
/// </summary>
public sealed class SandboxClock : TimeProvider
{
    private readonly TimeProvider _inner;
    private long _offsetTicks;

    /// <summary>Creates a clock on <paramref name="inner"/>'s time.</summary>
    /// <param name="inner">The clock it follows; by default the system's.</param>
    public SandboxClock(TimeProvider? inner = null) => _inner = inner ?? System;

    /// <summary>Gets how far the clock has been advanced.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Jumps the clock forward.</summary>
    /// <param name="by">How far; not negative (time in the sandbox never runs back).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow() + Offset;

    /// <inheritdoc/>
    public override long GetTimestamp() => _inner.GetTimestamp() + (long)(Offset.Ticks * (TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    /// <inheritdoc/>
    public override long TimestampFrequency => _inner.TimestampFrequency;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => _inner.CreateTimer(callback, state, dueTime, period);
}
