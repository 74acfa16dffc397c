using System.Globalization;
using System.Net;

namespace CallControl.Sdk.Testing;

/// <summary>
/// Injected faults (the next requests answered with a status, delayed, or carried out and then dropped) and the rate
/// limit, a token bucket on the sandbox's clock. The endpoints ask <see cref="NextFault"/> once per Call Control request.
/// </summary>
internal sealed class SandboxFaults(TimeProvider time)
{
    private readonly object _lock = new();
    private readonly Queue<Fault> _faults = new();
    private double _ratePerSecond;
    private double _tokens;
    private DateTimeOffset _lastRefill = time.GetUtcNow();
    private int _rateLimited;
    private int _burst = 1;

    /// <summary>How many requests the rate limit (<see cref="SetRateLimit"/>) answered with 429.</summary>
    internal int RateLimitedCount => Volatile.Read(ref _rateLimited);

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="status"/> and, optionally, a Retry-After in seconds.</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="status">The status, such as 429, 423, 500 or 503.</param>
    /// <param name="retryAfter">The Retry-After header value to send (any text, to test hostile values), or <see langword="null"/> for none.</param>
    internal void FailNext(int count, HttpStatusCode status, string? retryAfter = null)
        => Enqueue(count, new Fault(FaultKind.Status, status, retryAfter, TimeSpan.Zero));

    /// <summary>Carries out the next <paramref name="count"/> requests, then answers each with <paramref name="status"/> (a gateway's 502 or 504 after the service acted).</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="status">The status, such as 500, 502 or 504.</param>
    internal void FailNextAfterActing(int count, HttpStatusCode status)
        => Enqueue(count, new Fault(FaultKind.StatusAfterActing, status, null, TimeSpan.Zero));

    /// <summary>Carries the next <paramref name="count"/> requests out at once and delays their answers (a client that gives up meanwhile finds them carried out).</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="delay">How long to wait before handling each.</param>
    internal void DelayNext(int count, TimeSpan delay)
        => Enqueue(count, new Fault(FaultKind.Delay, default, null, delay));

    /// <summary>Carries out the next <paramref name="count"/> requests, then drops the connection without answering.</summary>
    /// <param name="count">How many requests.</param>
    internal void DropNext(int count)
        => Enqueue(count, new Fault(FaultKind.Drop, default, null, TimeSpan.Zero));

    /// <summary>
    /// Limits the sandbox to <paramref name="requestsPerSecond"/> with a token bucket of <paramref name="burst"/>;
    /// a request finding the bucket empty gets 429 with a Retry-After (whole seconds) and is not carried out.
    /// </summary>
    /// <param name="requestsPerSecond">The refill rate; 0 turns the limit off.</param>
    /// <param name="burst">The bucket size.</param>
    internal void SetRateLimit(double requestsPerSecond, int burst = 1)
    {
        lock (_lock)
        {
            _ratePerSecond = requestsPerSecond;
            _tokens = burst;
            _burst = Math.Max(1, burst);
            _lastRefill = time.GetUtcNow();
        }
    }

    /// <summary>The fault for the request that just arrived: a 429 when the rate limit is out of tokens, else the next queued fault, else none.</summary>
    internal Fault? NextFault(out bool limited)
    {
        lock (_lock)
        {
            limited = TakeRateLimitToken(out var wait);
            if (limited)
            {
                Interlocked.Increment(ref _rateLimited);
                return new Fault(FaultKind.Status, HttpStatusCode.TooManyRequests, Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture), TimeSpan.Zero);
            }

            return _faults.Count > 0 ? _faults.Dequeue() : null;
        }
    }

    /// <summary>Forgets every queued fault and turns the rate limit off.</summary>
    internal void Reset()
    {
        lock (_lock)
        {
            _faults.Clear();
            _ratePerSecond = 0;
            _rateLimited = 0;
        }
    }

    private void Enqueue(int count, Fault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Enqueue(fault);
            }
        }
    }

    private bool TakeRateLimitToken(out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        if (_ratePerSecond <= 0)
        {
            return false;
        }

        var now = time.GetUtcNow();
        _tokens = Math.Min(_burst, _tokens + ((now - _lastRefill).TotalSeconds * _ratePerSecond));
        _lastRefill = now;
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return false;
        }

        wait = TimeSpan.FromSeconds((1 - _tokens) / _ratePerSecond);
        return true;
    }

    internal enum FaultKind
    {
        Status,
        Delay,
        Drop,
        StatusAfterActing,
    }

    internal sealed record Fault(FaultKind Kind, HttpStatusCode Status, string? RetryAfter, TimeSpan Delay);
}
