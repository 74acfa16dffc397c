using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CallControl.Sdk.Testing;

// Injected faults: the next requests answered with a status, delayed, or carried out and then dropped; and the rate
// limit, a token bucket on the sandbox's clock. HandleAsync asks NextFault once per request.
public sealed partial class CallControlSandbox
{
    private readonly Queue<Fault> _faults = new();
    private double _ratePerSecond;
    private double _tokens;
    private DateTimeOffset _lastRefill;
    private int _rateLimited;
    private int _burst = 1;

    /// <summary>Gets how many requests the rate limit (<see cref="SetRateLimit"/>) answered with 429.</summary>
    public int RateLimitedCount => Volatile.Read(ref _rateLimited);

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="status"/> and, optionally, a Retry-After in seconds.</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="status">The status, such as 429, 423, 500 or 503.</param>
    /// <param name="retryAfter">The Retry-After header value to send (any text, to test hostile values), or <see langword="null"/> for none.</param>
    public void FailNext(int count, HttpStatusCode status, string? retryAfter = null)
        => Enqueue(count, new Fault(FaultKind.Status, status, retryAfter, TimeSpan.Zero));

    /// <summary>Delays the answer to the next <paramref name="count"/> requests (the request is still carried out).</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="delay">How long to wait before handling each.</param>
    public void DelayNext(int count, TimeSpan delay)
        => Enqueue(count, new Fault(FaultKind.Delay, default, null, delay));

    /// <summary>Carries out the next <paramref name="count"/> requests, then drops the connection without answering.</summary>
    /// <param name="count">How many requests.</param>
    public void DropNext(int count)
        => Enqueue(count, new Fault(FaultKind.Drop, default, null, TimeSpan.Zero));

    /// <summary>
    /// Limits the sandbox to <paramref name="requestsPerSecond"/> with a token bucket of <paramref name="burst"/>;
    /// a request finding the bucket empty gets 429 with a Retry-After (whole seconds) and is not carried out.
    /// </summary>
    /// <param name="requestsPerSecond">The refill rate; 0 turns the limit off.</param>
    /// <param name="burst">The bucket size.</param>
    public void SetRateLimit(double requestsPerSecond, int burst = 1)
    {
        lock (_gate)
        {
            _ratePerSecond = requestsPerSecond;
            _tokens = burst;
            _burst = Math.Max(1, burst);
            _lastRefill = _options.TimeProvider.GetUtcNow();
        }
    }

    /// <summary>The fault for the request that just arrived: a 429 when the rate limit is out of tokens, else the next queued fault, else none.</summary>
    private Fault? NextFault(out bool limited)
    {
        lock (_gate)
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

    private void Enqueue(int count, Fault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
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

        var now = _options.TimeProvider.GetUtcNow();
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

    private enum FaultKind
    {
        Status,
        Delay,
        Drop,
    }

    private sealed record Fault(FaultKind Kind, HttpStatusCode Status, string? RetryAfter, TimeSpan Delay);
}
