namespace CallControl.Sdk;

/// <summary>Why an incoming call is a recall.</summary>
public enum RecallType
{
    /// <summary>A value this version of the SDK does not know (Webex may add values); the call is otherwise readable.</summary>
    Unknown = 0,

    /// <summary>The user is recalled for a call park they started. Sent by Webex as <c>park</c>.</summary>
    Park = 1,
}
