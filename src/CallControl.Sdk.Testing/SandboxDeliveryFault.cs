namespace CallControl.Sdk.Testing;

/// <summary>What goes wrong with the next webhook deliveries (<see cref="CallControlSandbox.InjectDeliveryFault"/>), as Webex deliveries do.</summary>
public enum SandboxDeliveryFault
{
    /// <summary>The delivery is sent twice.</summary>
    Duplicate = 0,

    /// <summary>The delivery is held back and sent after the one that follows it.</summary>
    Reorder = 1,

    /// <summary>The delivery is sent after a delay, on the sandbox's clock.</summary>
    Delay = 2,

    /// <summary>The delivery is never sent.</summary>
    Drop = 3,

    /// <summary>The delivery is sent with a wrong <c>X-Spark-Signature</c>.</summary>
    BadSignature = 4,
}
