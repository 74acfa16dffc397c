namespace CallControl.Sdk.Testing;

/// <summary>Whether the sandbox user placed or received a call.</summary>
public enum SandboxCallDirection
{
    /// <summary>The user received the call.</summary>
    Incoming = 0,

    /// <summary>The user placed the call.</summary>
    Outgoing = 1,
}
