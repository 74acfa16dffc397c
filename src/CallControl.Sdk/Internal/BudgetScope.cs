namespace CallControl.Sdk.Internal;

/// <summary>
/// The operation's cancellation source: cancelled by the caller's token or when the time budget runs out. On the
/// system clock it is armed with <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> (one source, no separate
/// timer or linked source); other clocks (tests) get a timer from the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// A source is never pooled and reused across operations, although that measured ~160 ns faster: a registration
/// left on the old token by any layer below (HttpClient, a handler, Polly) would then fire when a later, unrelated
/// operation is cancelled, and could abort a transfer in flight. Not worth it.
/// </remarks>
internal sealed class BudgetScope : IDisposable
{
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
        var source = new CancellationTokenSource();
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
        _source.Dispose();
    }
}
