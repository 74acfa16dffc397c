namespace CallControl.Sdk;

/// <summary>
/// A <see cref="CallControlTokenStore"/> in this process's memory: the default. Share one instance between providers
/// of one credential in a process (two registrations with the same integration) so they take turns; across processes
/// use <see cref="FileTokenStore"/> or the Redis store. Nothing survives a restart.
/// </summary>
public sealed class InMemoryTokenStore : CallControlTokenStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, StoredTokens> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Owner, DateTimeOffset Until)> _leases = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock leases expire on; by default the system's.</param>
    public InMemoryTokenStore(TimeProvider? timeProvider = null) => _timeProvider = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    public override ValueTask<StoredTokens?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            return new(_tokens.GetValueOrDefault(key));
        }
    }

    /// <inheritdoc/>
    public override ValueTask WriteAsync(string key, StoredTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(tokens);
        lock (_lock)
        {
            _tokens[key] = tokens;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override ValueTask<bool> TryAcquireLeaseAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(owner);
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (_leases.TryGetValue(key, out var lease) && lease.Owner != owner && now < lease.Until)
            {
                return new(false);
            }

            _leases[key] = (owner, now + duration);
            return new(true);
        }
    }

    /// <inheritdoc/>
    public override ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            if (_leases.TryGetValue(key, out var lease) && lease.Owner == owner)
            {
                _leases.Remove(key);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        lock (_lock)
        {
            return $"InMemoryTokenStore ({_tokens.Count} credential(s))";
        }
    }
}
