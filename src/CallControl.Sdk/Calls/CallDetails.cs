namespace CallControl.Sdk;

/// <summary>An active call of the user, as listed by <see cref="CallControlClient.ListCallsAsync(CancellationToken)"/> and <see cref="CallControlClient.GetCallAsync(string, CancellationToken)"/>.</summary>
/// <remarks>
/// Values Webex adds after this SDK was built read as <c>Unknown</c> rather than failing the call. Properties are
/// settable on creation so that code using the client can be tested with hand-made values.
/// </remarks>
public sealed class CallDetails
{
    /// <summary>Gets the call id, used by every command on the call.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>Gets the id of the call session the call belongs to (correlates the calls of one session).</summary>
    public string? CallSessionId { get; init; }

    /// <summary>Gets who started the call.</summary>
    public CallPersonality Personality { get; init; }

    /// <summary>Gets the call's current state.</summary>
    public CallState State { get; init; }

    /// <summary>Gets the remote party, if Webex said.</summary>
    public CallParty? RemoteParty { get; init; }

    /// <summary>Gets the appearance value (the order the user's devices show calls in), if assigned.</summary>
    public int? Appearance { get; init; }

    /// <summary>Gets when the call was created.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Gets when the call was answered; <see langword="null"/> while unanswered.</summary>
    public DateTimeOffset? Answered { get; init; }

    /// <summary>Gets earlier redirections of an alerting incoming call, most recent first; empty when there were none.</summary>
    public IReadOnlyList<CallRedirection> Redirections { get; init; } = [];

    /// <summary>Gets the recall details when the incoming call is a recall.</summary>
    public CallRecall? Recall { get; init; }

    /// <summary>Gets the recording state, once recording has been invoked on the call.</summary>
    public RecordingState? RecordingState { get; init; }

    /// <summary>Gets whether the call supports the mute and unmute commands.</summary>
    public bool MuteCapable { get; init; }

    /// <summary>Gets whether the call is muted.</summary>
    public bool Muted { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Id} {State} {Personality} {RemoteParty}".TrimEnd();
}
