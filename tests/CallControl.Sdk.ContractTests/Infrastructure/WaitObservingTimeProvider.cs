using Microsoft.Extensions.Time.Testing;

namespace CallControl.Sdk.ContractTests.Infrastructure;

/// <summary>
/// A fake clock that also tells when code starts waiting on it, so a test can advance time exactly after the
/// client began its Retry-After wait (advancing earlier would let the wait start after the jump).
/// </summary>
internal sealed class WaitObservingTimeProvider : FakeTimeProvider
{
    private readonly List<TimeSpan> _dueTimes = [];
    private int _timers;
    private int _disposed;

    internal WaitObservingTimeProvider()
        : base(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero))
    {
    }

    internal int TimersCreated => Volatile.Read(ref _timers);

    /// <summary>Timers created and not disposed: what could still fire and make the code under test act.</summary>
    internal int TimersAlive => Volatile.Read(ref _timers) - Volatile.Read(ref _disposed);

    /// <summary>The due time of every timer created, in order: what the code under test scheduled, and so the earliest it can act.</summary>
    internal IReadOnlyList<TimeSpan> DueTimes
    {
        get
        {
            lock (_dueTimes)
            {
                return [.. _dueTimes];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_dueTimes)
        {
            _dueTimes.Add(dueTime);
        }

        Interlocked.Increment(ref _timers);
        return new CountedTimer(base.CreateTimer(callback, state, dueTime, period), this);
    }

    /// <summary>A fake timer that counts its disposal.</summary>
    private sealed class CountedTimer(ITimer inner, WaitObservingTimeProvider owner) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Increment(ref owner._disposed);
            }

            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }

    /// <summary>Waits (on the real clock, bounded) until <paramref name="count"/> timers exist.</summary>
    internal Task WaitForTimersAsync(int count) => Eventually.TrueAsync(() => TimersCreated >= count, $"{count} timer(s) on the fake clock");
}
