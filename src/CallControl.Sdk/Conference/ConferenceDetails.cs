namespace CallControl.Sdk;

/// <summary>The user's conference (<see cref="CallControlClient.GetConferenceAsync(ConferenceRequest, CancellationToken)"/>).</summary>
public sealed class ConferenceDetails
{
    /// <summary>Gets the conference's state; <see cref="ConferenceState.Unknown"/> for a value this version does not know.</summary>
    public ConferenceState State { get; init; }

    /// <summary>Gets the line appearance, if Webex sent one.</summary>
    public int? Appearance { get; init; }

    /// <summary>Gets when the conference started.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Gets whether the host is muted.</summary>
    public bool Muted { get; init; }

    /// <summary>Gets the type of a non-standard conference, or <see langword="null"/>.</summary>
    public string? Type { get; init; }

    /// <summary>Gets the participants (the user's calls in the conference).</summary>
    public IReadOnlyList<ConferenceParticipant> Participants { get; init; } = [];
}
