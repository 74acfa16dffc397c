namespace CallControl.Sdk.Testing;

/// <summary>The state of a call in the sandbox.</summary>
public enum SandboxCallState
{
    /// <summary>An incoming call that is ringing and has not been answered.</summary>
    Alerting = 0,

    /// <summary>A call that is connected (answered).</summary>
    Connected = 1,

    /// <summary>A connected call that is on hold.</summary>
    Held = 2,
}
