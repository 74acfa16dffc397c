namespace CallControl.Sdk.Internal;

/// <summary>
/// The operation's cancellation source: cancelled by the caller's token or when the time budget runs out. On the
/// system clock it is rented from a small pool and armed with <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>,
/// whose timer <see cref="CancellationTokenSource.TryReset"/> keeps for the next operation: creating a timer and a
/// linked source per call was the largest fixed cost of a transfer (docs/benchmarks.md). Other clocks (tests) get a
/// timer from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class BudgetScope : IDisposable
{
    private static readonly CancellationTokenSource?[] Pool = new CancellationTokenSource?[32];
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _link;
    private readonly ITimer? _timer;

    private BudgetScope(CancellationTokenSource source, CancellationTokenRegistration link, ITimer? timer)
    {
        _source = source;
        _link = link;
        _timer = timer;
    }

    internal CancellationToken Token => _source.Token;

    internal bool IsCancellationRequested => _source.IsCancellationRequested;

    internal static BudgetScope Start(CancellationToken callerToken, TimeSpan budget, TimeProvider timeProvider)
    {
        var source = Rent();
        var link = callerToken.CanBeCanceled
            ? callerToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source)
            : default;
        ITimer? timer = null;
        if (budget != Timeout.InfiniteTimeSpan)
        {
            if (ReferenceEquals(timeProvider, TimeProvider.System))
            {
                source.CancelAfter(budget);
            }
            else
            {
                timer = timeProvider.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), source, budget, Timeout.InfiniteTimeSpan);
            }
        }

        return new BudgetScope(source, link, timer);
    }

    public void Dispose()
    {
        _link.Dispose();
        _timer?.Dispose();
        if (_timer is null && _source.TryReset())
        {
            Return(_source);
        }
        else
        {
            _source.Dispose();
        }
    }

    private static CancellationTokenSource Rent()
    {
        for (var i = 0; i < Pool.Length; i++)
        {
            if (Pool[i] is not null && Interlocked.Exchange(ref Pool[i], null) is { } pooled)
            {
                return pooled;
            }
        }

        return new CancellationTokenSource();
    }

    private static void Return(CancellationTokenSource source)
    {
        for (var i = 0; i < Pool.Length; i++)
        {
            if (Pool[i] is null && Interlocked.CompareExchange(ref Pool[i], source, null) is null)
            {
                return;
            }
        }

        source.Dispose();
    }
}
