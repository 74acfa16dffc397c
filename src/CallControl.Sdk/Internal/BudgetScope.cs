namespace CallControl.Sdk.Internal;

/// <summary>
/// The operation's cancellation source: cancelled by the caller's token, by the client's disposal, or when the time
/// budget runs out on the injected clock (<see cref="CancellationTokenSource(TimeSpan, TimeProvider)"/>: one source,
/// one code path for the system clock and a test's fake clock). A struct, so an operation pays for the source only.
/// </summary>
/// <remarks>
/// A source is never pooled and reused across operations, although that would be faster: a registration left on the
/// old token by any layer below (HttpClient, a handler, Polly) would then fire when a later, unrelated operation is
/// cancelled, and could abort a transfer in flight.
/// </remarks>
internal readonly struct BudgetScope : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _link;
    private readonly CancellationTokenRegistration _lifetimeLink;

    private BudgetScope(CancellationTokenSource source, CancellationTokenRegistration link, CancellationTokenRegistration lifetimeLink)
    {
        _source = source;
        _link = link;
        _lifetimeLink = lifetimeLink;
    }

    internal CancellationToken Token => _source.Token;

    internal bool IsCancellationRequested => _source.IsCancellationRequested;

    /// <param name="callerToken">The caller's token.</param>
    /// <param name="lifetime">The client's lifetime: its disposal ends the operation too.</param>
    /// <param name="budget">The operation's time budget, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="timeProvider">The clock.</param>
    internal static BudgetScope Start(CancellationToken callerToken, CancellationToken lifetime, TimeSpan budget, TimeProvider timeProvider)
    {
        var source = budget == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(budget, timeProvider);
        var link = callerToken.CanBeCanceled
            ? callerToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source)
            : default;
        var lifetimeLink = lifetime.CanBeCanceled
            ? lifetime.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source)
            : default;
        return new BudgetScope(source, link, lifetimeLink);
    }

    public void Dispose()
    {
        _link.Dispose();
        _lifetimeLink.Dispose();
        _source.Dispose();
    }
}
