namespace CallControl.Sdk.Internal;

/// <summary>
/// The operation's cancellation source: cancelled by the caller's token, by the client's disposal, or when the time budget runs out. On the
/// system clock it is armed with <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> (one source, no separate
/// timer or linked source); other clocks (tests) get a timer from the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// A source is never pooled and reused across operations, although that would be faster: a registration left on the
/// old token by any layer below (HttpClient, a handler, Polly) would then fire when a later, unrelated operation is
/// cancelled, and could abort a transfer in flight.
/// </remarks>
internal sealed class BudgetScope : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _link;
    private readonly CancellationTokenRegistration _lifetimeLink;
    private readonly ITimer? _timer;

    private BudgetScope(CancellationTokenSource source, CancellationTokenRegistration link, CancellationTokenRegistration lifetimeLink, ITimer? timer)
    {
        _source = source;
        _link = link;
        _lifetimeLink = lifetimeLink;
        _timer = timer;
    }

    internal CancellationToken Token => _source.Token;

    internal bool IsCancellationRequested => _source.IsCancellationRequested;

    /// <param name="callerToken">The caller's token.</param>
    /// <param name="lifetime">The client's lifetime: its disposal ends the operation too.</param>
    /// <param name="budget">The operation's time budget, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="timeProvider">The clock.</param>
    internal static BudgetScope Start(CancellationToken callerToken, CancellationToken lifetime, TimeSpan budget, TimeProvider timeProvider)
    {
        var source = new CancellationTokenSource();
        var link = callerToken.CanBeCanceled
            ? callerToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source)
            : default;
        var lifetimeLink = lifetime.CanBeCanceled
            ? lifetime.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source)
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

        return new BudgetScope(source, link, lifetimeLink, timer);
    }

    public void Dispose()
    {
        _link.Dispose();
        _lifetimeLink.Dispose();
        _timer?.Dispose();
        _source.Dispose();
    }
}
