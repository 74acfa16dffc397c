namespace CallControl.Sdk;

/// <summary>The state of the user's conference (<see cref="ConferenceDetails.State"/>).</summary>
public enum ConferenceState
{
    /// <summary>A value this version of the SDK does not know.</summary>
    Unknown = 0,

    /// <summary>The host takes part.</summary>
    Active = 1,

    /// <summary>The host held the conference (the others still talk).</summary>
    Held = 2,

    /// <summary>The conference was released.</summary>
    Released = 3,
}
