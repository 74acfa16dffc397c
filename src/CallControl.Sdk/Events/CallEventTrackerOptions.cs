namespace CallControl.Sdk;

/// <summary>Settings of a <see cref="CallEventTracker"/>.</summary>
public sealed class CallEventTrackerOptions
{
    /// <summary>Gets or sets how long an ended call stays readable after its disconnect (late and duplicate events are recognised meanwhile).</summary>
    /// <value>The default value is 5 minutes; at most 1 day.</value>
    public TimeSpan EndedCallRetention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how long a call that is not known to have ended stays tracked without any event: a live call whose
    /// disconnect event was lost, or a call a wait named that no event ever mentioned. After that the tracker forgets
    /// it, and a wait for it (one without a cancellation token included) fails with <see cref="TimeoutException"/>;
    /// ask <see cref="CallControlClient.GetCallAsync(string, CancellationToken)"/> for such a call instead. Checked when
    /// the tracker is next used (an event applied, a wait started, or <see cref="CallEventTracker.Sweep"/>).
    /// </summary>
    /// <value>The default value is 2 hours; from 1 minute to 7 days.</value>
    public TimeSpan InactiveCallRetention { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Gets or sets the clock for the retention.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider { get; set; }
}
