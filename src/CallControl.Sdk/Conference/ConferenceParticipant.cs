namespace CallControl.Sdk;

/// <summary>One participant of the user's conference: one of the user's calls.</summary>
public sealed class ConferenceParticipant
{
    /// <summary>Gets the participant's call id.</summary>
    public string CallId { get; init; } = string.Empty;

    /// <summary>Gets whether the participant is muted.</summary>
    public bool Muted { get; init; }

    /// <summary>Gets whether the participant is deafened (receives no media).</summary>
    public bool Deafened { get; init; }
}
