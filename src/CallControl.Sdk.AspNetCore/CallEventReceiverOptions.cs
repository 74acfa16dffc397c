namespace CallControl.Sdk.AspNetCore;

/// <summary>Settings of a call event endpoint (<c>MapCallEvents</c>).</summary>
public sealed class CallEventReceiverOptions
{
    /// <summary>Gets or sets how many accepted events may wait for the handler. When it is full, deliveries are answered 503 (Webex may retry, or deactivate a webhook that keeps failing: size it for your bursts).</summary>
    /// <value>The default value is 10,000.</value>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Gets or sets how long a stopping app waits for the handler to finish the events it accepted.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
