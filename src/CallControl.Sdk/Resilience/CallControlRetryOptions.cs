using Polly;

namespace CallControl.Sdk;

/// <summary>
/// How the client waits out rate limiting and temporary unavailability. Only answers that prove the service did
/// not act on the request (429, 423, 503, and failures to connect) are retried; a command that may have been
/// carried out (500, 502, 504, timeouts, connections lost after sending) is never sent twice.
/// </summary>
public sealed class CallControlRetryOptions
{
    /// <summary>Gets or sets how many times a request may be retried after the first attempt (0 turns retries off).</summary>
    /// <value>The default value is 3. The allowed range is 0 to 10.</value>
    public int MaxRetryAttempts { get; set; } = CallControlDefaults.MaxRetryAttempts;

    /// <summary>
    /// Gets or sets the longest <c>Retry-After</c> the client waits out. A longer one (such as the observed
    /// <c>Retry-After: 3600</c>) fails at once with <see cref="CallControlApiException.RetryAfter"/> set, rather than
    /// looking like a hang.
    /// </summary>
    /// <value>The default value is 60 seconds; at most 1 day. The shared rate-limit gate never stays closed longer than this after a 429.</value>
    public TimeSpan MaxRetryAfter { get; set; } = CallControlDefaults.MaxRetryAfter;

    /// <summary>Gets or sets the first backoff used when the server sends no usable <c>Retry-After</c>; it doubles per attempt, with jitter.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan BaseBackoff { get; set; } = CallControlDefaults.BaseBackoff;

    /// <summary>Gets or sets the longest backoff used when the server sends no usable <c>Retry-After</c>.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan MaxBackoff { get; set; } = CallControlDefaults.MaxBackoff;

    /// <summary>Gets or sets whether 423 Locked (the resource is temporarily unavailable; the command was not carried out) is retried.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RetryOnLocked { get; set; } = true;

    /// <summary>
    /// Gets or sets whether a command whose outcome is unknown is resolved by the client itself
    /// (<see cref="CallControlClient.ResolveOutcomeAsync"/>, docs/outcomes.md): sent once more when the calls show it was
    /// not carried out, answered as a success when they show it was (its result's <c>StatusCode</c> is the success
    /// status Webex would have sent, its TrackingID the failed attempt's), and thrown as before when the evidence could
    /// have another cause. Only commands whose rule can say "not carried out" take part (hold, resume, answer, hangup,
    /// reject, divert, park, mute, unmute, the recording commands and attended transfers); a cancellation by the
    /// caller is never resolved.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: the unknown outcome is thrown for the app to decide.</value>
    public bool ResolveAndResend { get; set; }

    /// <summary>
    /// Gets or sets whether a 429 closes a gate shared by every request of this client until its <c>Retry-After</c>
    /// instant, so concurrent requests wait instead of each collecting its own 429.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool UseSharedRateLimitGate { get; set; } = true;

    /// <summary>Gets or sets how the client's rate-limit gate (its own, or a shared <see cref="CallControlClientOptions.RateLimitGate"/>) learns a pace from a 429. Clients sharing a gate should use the same settings.</summary>
    /// <value>Pacing on, with the defaults of <see cref="RateLimitPacingOptions"/>.</value>
    public RateLimitPacingOptions Pacing { get; set; } = new();

    /// <summary>
    /// Gets or sets how long one attempt of a query (list calls, call details, call history) may take before it is
    /// abandoned and retried within the operation's <see cref="CallControlClientOptions.Timeout"/>. Commands have no
    /// per-attempt timeout: a command that timed out may have been carried out and is never resent.
    /// </summary>
    /// <value>The default value is 10 seconds. <see cref="Timeout.InfiniteTimeSpan"/> turns it off; otherwise 1 ms to 10 minutes.</value>
    public TimeSpan QueryAttemptTimeout { get; set; } = CallControlDefaults.QueryAttemptTimeout;

    /// <summary>
    /// Gets or sets an advanced hook that adds Polly strategies inside the client's own retry, so they run around
    /// each send, after the credential and the rate-limit gate (for example a circuit breaker or a per-attempt
    /// timeout). They are built once, with the client. Strategies added here must not retry commands: see
    /// docs/resilience.md.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Action<ResiliencePipelineBuilder<HttpResponseMessage>>? ConfigurePipeline { get; set; }

    /// <summary>The upper bound of every duration option that arms a timer (Timeout, MaxRetryAfter): far beyond any useful wait, far below the timers' own limits.</summary>
    internal static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    internal CallControlRetryOptions Clone()
    {
        var copy = (CallControlRetryOptions)MemberwiseClone();
        copy.Pacing = Pacing?.Clone()!;
        return copy;
    }

    /// <param name="problems">Where each problem is added.</param>
    /// <param name="key">Names a setting (<c>Retry.MaxRetryAfter</c>) as the user wrote it (a configuration key, when bound from one).</param>
    internal void Validate(List<string> problems, Func<string, string> key)
    {
        if (MaxRetryAttempts is < 0 or > 10)
        {
            problems.Add($"{key("Retry.MaxRetryAttempts")} must be between 0 and 10 (was {MaxRetryAttempts}).");
        }

        if (MaxRetryAfter < TimeSpan.Zero || MaxRetryAfter > Longest)
        {
            problems.Add($"{key("Retry.MaxRetryAfter")} must be between 0 and 1 day (was {MaxRetryAfter}).");
        }

        if (BaseBackoff < TimeSpan.Zero || BaseBackoff > TimeSpan.FromHours(1))
        {
            problems.Add($"{key("Retry.BaseBackoff")} must be between 0 and 1 hour (was {BaseBackoff}).");
        }

        if (QueryAttemptTimeout != Timeout.InfiniteTimeSpan && (QueryAttemptTimeout < TimeSpan.FromMilliseconds(1) || QueryAttemptTimeout > TimeSpan.FromMinutes(10)))
        {
            problems.Add($"{key("Retry.QueryAttemptTimeout")} must be between 1 ms and 10 minutes, or Timeout.InfiniteTimeSpan (was {QueryAttemptTimeout}).");
        }

        if (Pacing is null)
        {
            problems.Add($"{key("Retry.Pacing")} must not be null.");
        }
        else
        {
            Pacing.Validate(problems, key);
        }

        if (MaxBackoff < BaseBackoff || MaxBackoff > TimeSpan.FromHours(1))
        {
            problems.Add($"{key("Retry.MaxBackoff")} must be at least Retry.BaseBackoff and at most 1 hour (was {MaxBackoff}).");
        }
    }
}
