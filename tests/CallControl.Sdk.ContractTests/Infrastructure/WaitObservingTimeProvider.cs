using Microsoft.Extensions.Time.Testing;

namespace CallControl.Sdk.ContractTests.Infrastructure;

/// <summary>
/// A fake clock that also tells when code starts waiting on it, so a test can advance time exactly after the
/// client began its Retry-After wait (advancing earlier would let the wait start after the jump).
/// </summary>
internal sealed class WaitObservingTimeProvider : FakeTimeProvider
{
    private int _timers;

    internal WaitObservingTimeProvider()
        : base(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero))
    {
    }

    internal int TimersCreated => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timers);
        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Waits (on the real clock, bounded) until <paramref name="count"/> timers exist.</summary>
    internal Task WaitForTimersAsync(int count) => Eventually.TrueAsync(() => TimersCreated >= count, $"{count} timer(s) on the fake clock");
}
