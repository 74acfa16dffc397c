namespace CallControl.Sdk.Internal;

/// <summary>The cancellation of one query attempt: the operation's token, or the attempt's own timeout on the injected clock.</summary>
internal sealed class AttemptTimeout : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly ITimer? _timer;
    private volatile bool _timedOut;

    private AttemptTimeout(CancellationToken operationToken, TimeSpan timeout, TimeProvider timeProvider)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(operationToken);
        _timer = timeProvider.CreateTimer(
            static s =>
            {
                var self = (AttemptTimeout)s!;
                self._timedOut = true;
                self._source.Cancel();
            },
            this,
            timeout,
            Timeout.InfiniteTimeSpan);
    }

    internal CancellationToken Token => _source.Token;

    /// <summary>True when this attempt's own timeout fired (not the operation's token).</summary>
    internal bool TimedOut => _timedOut;

    /// <returns>null when <paramref name="timeout"/> is infinite: the attempt then runs on the operation's token.</returns>
    internal static AttemptTimeout? Start(CancellationToken operationToken, TimeSpan timeout, TimeProvider timeProvider)
        => timeout == Timeout.InfiniteTimeSpan ? null : new AttemptTimeout(operationToken, timeout, timeProvider);

    public void Dispose()
    {
        _timer?.Dispose();
        _source.Dispose();
    }
}
