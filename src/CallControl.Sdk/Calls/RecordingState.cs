namespace CallControl.Sdk;

/// <summary>The recording state of a call.</summary>
public enum RecordingState
{
    /// <summary>A value this version of the SDK does not know (Webex may add values); the call is otherwise readable.</summary>
    Unknown = 0,

    /// <summary>Recording was requested but has not started. Sent by Webex as <c>pending</c>.</summary>
    Pending = 1,

    /// <summary>Recording is active. Sent by Webex as <c>started</c>.</summary>
    Started = 2,

    /// <summary>Recording is paused. Sent by Webex as <c>paused</c>.</summary>
    Paused = 3,

    /// <summary>Recording was stopped. Sent by Webex as <c>stopped</c>.</summary>
    Stopped = 4,

    /// <summary>Recording failed. Sent by Webex as <c>failed</c>.</summary>
    Failed = 5,
}
