namespace CallControl.Sdk;

/// <summary>
/// How a rate-limit gate learns a pace from a 429, so that when it opens, requests go out at the rate the server
/// showed it accepts instead of all at once (which would empty the server's bucket again and collect the next round
/// of 429s). See docs/resilience.md, "The rate-limit gate".
/// </summary>
/// <remarks>
/// The pace is a token bucket learned from the successes of the window that ended in the 429. With at least
/// <see cref="MinSuccessesToLearn"/> of them, its capacity is the successes times <see cref="BackOffFactor"/> and its
/// rate is the successes spread over the <c>Retry-After</c> window (plus up to one more such window before the 429),
/// times <see cref="SafetyFactor"/>. A 429 while pacing lowers the rate by <see cref="RateBackOffFactor"/>, and the
/// capacity to what refills at that rate over the <c>Retry-After</c> window times <see cref="BackOffFactor"/> (never
/// more than before); each second of pacing without one raises the rate by
/// <see cref="RateIncreasePerSecond"/>. The pace lasts <see cref="Lifetime"/> after the gate opens.
/// </remarks>
public sealed class RateLimitPacingOptions
{
    /// <summary>Gets or sets whether a pace is learned at all. Off, the gate only closes until the <c>Retry-After</c> instant and then lets everything through.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the fewest successes in a window from which a pace is learned; with fewer, the gate only closes.</summary>
    /// <value>The default value is 10. The allowed range is 1 to 1,000,000.</value>
    public int MinSuccessesToLearn { get; set; } = 10;

    /// <summary>Gets or sets the share of the observed rate the pace keeps to, so it stays just under the server's refill.</summary>
    /// <value>The default value is 0.98. The allowed range is above 0 and at most 1.</value>
    public double SafetyFactor { get; set; } = 0.98;

    /// <summary>Gets or sets the share of a window's successes the pace's bucket holds (what the server let through at once, less what it refilled meanwhile), and the margin kept below what refills during a closing.</summary>
    /// <value>The default value is 0.9. The allowed range is above 0 and at most 1.</value>
    public double BackOffFactor { get; set; } = 0.9;

    /// <summary>Gets or sets how much a 429 while pacing lowers the pace's rate.</summary>
    /// <value>The default value is 0.97. The allowed range is above 0 and at most 1.</value>
    public double RateBackOffFactor { get; set; } = 0.97;

    /// <summary>
    /// Gets or sets how much the pace's rate rises for each second of pacing without a 429 (0.005 = 0.5%), so a pace
    /// learned too low (from a window that began with the server's bucket half empty, say) climbs back toward what the
    /// server accepts; the next 429 lowers it again by <see cref="RateBackOffFactor"/>. 0 keeps the learned rate.
    /// </summary>
    /// <value>The default value is 0.005. The allowed range is 0 to 1.</value>
    public double RateIncreasePerSecond { get; set; } = 0.005;

    /// <summary>Gets or sets how long a learned pace lasts after the gate opens; then requests go freely until the next 429.</summary>
    /// <value>The default value is 60 seconds. The allowed range is 1 second to 1 day.</value>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(60);

    internal RateLimitPacingOptions Clone() => (RateLimitPacingOptions)MemberwiseClone();

    /// <param name="problems">Where each problem is added.</param>
    /// <param name="key">Names a setting as the user wrote it.</param>
    internal void Validate(List<string> problems, Func<string, string> key)
    {
        if (MinSuccessesToLearn is < 1 or > 1_000_000)
        {
            problems.Add($"{key("Retry.Pacing.MinSuccessesToLearn")} must be between 1 and 1000000 (was {MinSuccessesToLearn}).");
        }

        CheckFactor(SafetyFactor, "Retry.Pacing.SafetyFactor");
        CheckFactor(BackOffFactor, "Retry.Pacing.BackOffFactor");
        CheckFactor(RateBackOffFactor, "Retry.Pacing.RateBackOffFactor");
        if (!(RateIncreasePerSecond >= 0 && RateIncreasePerSecond <= 1))
        {
            problems.Add($"{key("Retry.Pacing.RateIncreasePerSecond")} must be between 0 and 1 (was {RateIncreasePerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }
        if (Lifetime < TimeSpan.FromSeconds(1) || Lifetime > CallControlRetryOptions.Longest)
        {
            problems.Add($"{key("Retry.Pacing.Lifetime")} must be between 1 second and 1 day (was {Lifetime}).");
        }

        void CheckFactor(double value, string name)
        {
            if (!(value > 0 && value <= 1))
            {
                problems.Add($"{key(name)} must be above 0 and at most 1 (was {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
            }
        }
    }
}
