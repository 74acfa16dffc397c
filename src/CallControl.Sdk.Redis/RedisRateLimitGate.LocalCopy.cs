namespace CallControl.Sdk.Redis;

/// <content>The in-process copy the gate keeps to while Redis is away.</content>
public sealed partial class RedisRateLimitGate
{
    /// <summary>
    /// The last shared state this process saw (or wrote), kept on Redis's clock as this process estimates it (its own
    /// clock plus the skew seen at the last read), so its instants stay comparable with the shared ones.
    /// </summary>
    private sealed class LocalCopy(TimeProvider time)
    {
        private readonly object _lock = new();
        private RateLimitGateState? _state;
        private long _version;
        private long _successes;
        private DateTimeOffset? _firstSuccessAt;
        private TimeSpan _skew;

        internal RateLimitGateSnapshot Read()
        {
            lock (_lock)
            {
                return new RateLimitGateSnapshot(_state, _version, _successes, _firstSuccessAt, time.GetUtcNow() + _skew);
            }
        }

        internal bool TryWrite(RateLimitGateSnapshot read, RateLimitGateState state)
        {
            lock (_lock)
            {
                if (_version != read.Version)
                {
                    return false;
                }

                _state = state;
                _version++;
                return true;
            }
        }

        internal void CountSuccess()
        {
            lock (_lock)
            {
                _successes++;
                _firstSuccessAt ??= time.GetUtcNow() + _skew;
            }
        }

        internal void Mirror(RateLimitGateSnapshot shared)
        {
            lock (_lock)
            {
                (_state, _version, _successes, _firstSuccessAt) = (shared.State, shared.Version, shared.Successes, shared.FirstSuccessAt);
                _skew = shared.Now - time.GetUtcNow();
            }
        }

        internal void Mirror(RateLimitGateState state, long version)
        {
            lock (_lock)
            {
                (_state, _version) = (state, version);
            }
        }
    }
}
