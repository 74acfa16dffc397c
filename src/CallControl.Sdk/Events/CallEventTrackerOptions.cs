namespace CallControl.Sdk;

/// <summary>Settings of a <see cref="CallEventTracker"/>.</summary>
public sealed class CallEventTrackerOptions
{
    /// <summary>Gets or sets how long an ended call stays readable after its disconnect (late and duplicate events are recognised meanwhile).</summary>
    /// <value>The default value is 5 minutes; at most 1 day.</value>
    public TimeSpan EndedCallRetention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the clock for the retention.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider { get; set; }
}
