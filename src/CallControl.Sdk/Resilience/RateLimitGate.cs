namespace CallControl.Sdk.Internal;

/// <summary>
/// Shared by every request of one client (one token): a 429 with Retry-After closes it until that instant, and
/// requests started meanwhile wait here instead of each collecting a 429 of its own.
/// </summary>
internal sealed class RateLimitGate
{
    private long _openAtUtcTicks;
    private volatile bool _everClosed;

    /// <summary>False until the first 429: lets every call skip reading the clock while the gate has never closed.</summary>
    internal bool EverClosed => _everClosed;

    /// <summary>Closes the gate until <paramref name="instant"/>, unless it is already closed for longer.</summary>
    internal void CloseUntil(DateTimeOffset instant)
    {
        _everClosed = true;
        var ticks = instant.UtcTicks;
        var current = Volatile.Read(ref _openAtUtcTicks);
        while (ticks > current)
        {
            var seen = Interlocked.CompareExchange(ref _openAtUtcTicks, ticks, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>How long until the gate opens; zero when it is open.</summary>
    internal TimeSpan RemainingWait(DateTimeOffset now)
    {
        var remaining = Volatile.Read(ref _openAtUtcTicks) - now.UtcTicks;
        return remaining > 0 ? TimeSpan.FromTicks(remaining) : TimeSpan.Zero;
    }
}
