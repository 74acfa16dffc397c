namespace CallControl.Sdk.Internal;

/// <summary>
/// The in-process store of the rate-limit gate (<see cref="CallControlRateLimitGate.CreateInProcess"/>): one immutable
/// cell replaced by compare-and-set, and a success counter. <see cref="RateLimitPacing"/> runs the algorithm over it.
/// </summary>
internal sealed class InProcessRateLimitGate(TimeProvider timeProvider) : CallControlRateLimitGate
{
    private Cell _cell = Cell.Empty;
    private long _successes;
    private long _firstSuccessTicks;

    /// <summary>False until the first 429 wrote a state: until then calls skip the gate and the clock.</summary>
    internal override bool MayHold => Volatile.Read(ref _cell).State is not null;

    /// <summary>The state now, for tests and diagnostics.</summary>
    internal RateLimitGateSnapshot Read()
    {
        var cell = Volatile.Read(ref _cell);
        var first = Volatile.Read(ref _firstSuccessTicks);
        return new RateLimitGateSnapshot(cell.State, cell.Version, Volatile.Read(ref _successes), first == 0 ? null : new DateTimeOffset(first, TimeSpan.Zero), timeProvider.GetUtcNow());
    }

    protected internal override ValueTask<RateLimitGateSnapshot> ReadAsync(CancellationToken cancellationToken) => new(Read());

    protected internal override ValueTask<bool> TryWriteAsync(RateLimitGateSnapshot read, RateLimitGateState state, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _cell);
        return new(current.Version == read.Version && ReferenceEquals(Interlocked.CompareExchange(ref _cell, new Cell(state, read.Version + 1), current), current));
    }

    protected internal override void CountSuccess()
    {
        if (Interlocked.Increment(ref _successes) == 1)
        {
            // The clock is read for the first success only, not per call.
            Interlocked.CompareExchange(ref _firstSuccessTicks, timeProvider.GetUtcNow().UtcTicks, 0);
        }
    }

    private sealed record Cell(RateLimitGateState? State, long Version)
    {
        internal static readonly Cell Empty = new(null, 0);
    }
}
