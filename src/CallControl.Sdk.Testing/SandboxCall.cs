namespace CallControl.Sdk.Testing;

/// <summary>A call of the sandbox user. Immutable: the sandbox replaces it when its state changes.</summary>
public sealed record SandboxCall
{
    /// <summary>Gets the call id, as Webex would return it.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the call session id.</summary>
    public required string CallSessionId { get; init; }

    /// <summary>Gets whether the user placed or received the call.</summary>
    public required SandboxCallDirection Direction { get; init; }

    /// <summary>Gets the other party's number or address.</summary>
    public required string RemoteParty { get; init; }

    /// <summary>Gets the call's state.</summary>
    public required SandboxCallState State { get; init; }

    /// <summary>Gets whether the call is muted (mute and unmute change it).</summary>
    public bool Muted { get; init; }

    /// <summary>Gets the recording state, once recording was started on the call; otherwise <see langword="null"/>.</summary>
    public RecordingState? RecordingState { get; init; }

    /// <summary>Gets every DTMF string transmitted on the call, in order, joined with no separator.</summary>
    public string Dtmf { get; init; } = string.Empty;

    /// <summary>Gets when the call was created, on the sandbox's clock.</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>Gets whether the call has been answered (connected at least once).</summary>
    public bool Answered => State != SandboxCallState.Alerting;
}
