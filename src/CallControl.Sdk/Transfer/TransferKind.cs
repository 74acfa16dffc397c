namespace CallControl.Sdk;

/// <summary>The three kinds of transfer that Webex Call Control performs.</summary>
public enum TransferKind
{
    /// <summary>
    /// Attended (consultative, supervised) transfer: two of the user's existing calls, <c>callId1</c> and
    /// <c>callId2</c>, are joined together. The service answers 204 No Content.
    /// </summary>
    Attended = 0,

    /// <summary>
    /// Mute transfer: <c>callId1</c> is transferred to a new destination once that destination answers.
    /// The service answers 201 Created with the new call's identifiers.
    /// </summary>
    Mute = 1,

    /// <summary>
    /// Automatic transfer: the user has exactly two calls and the service picks them. No fields are sent.
    /// </summary>
    Automatic = 2,
}
