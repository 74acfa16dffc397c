namespace CallControl.Sdk;

/// <summary>Who started a call.</summary>
public enum CallPersonality
{
    /// <summary>A value this version of the SDK does not know (Webex may add values); the call is otherwise readable.</summary>
    Unknown = 0,

    /// <summary>An outgoing call placed by the user. Sent by Webex as <c>originator</c>.</summary>
    Originator = 1,

    /// <summary>An incoming call to the user. Sent by Webex as <c>terminator</c>.</summary>
    Terminator = 2,

    /// <summary>A click-to-dial call alerting the user's devices; it becomes Originator when answered. Sent by Webex as <c>clickToDial</c>.</summary>
    ClickToDial = 3,
}
