namespace CallControl.Sdk;

/// <summary>The state of a call, from the user's point of view.</summary>
public enum CallState
{
    /// <summary>A value this version of the SDK does not know (Webex may add values); the call is otherwise readable.</summary>
    Unknown = 0,

    /// <summary>The remote party is being alerted. Sent by Webex as <c>connecting</c>.</summary>
    Connecting = 1,

    /// <summary>The user's devices are alerting for an incoming or click-to-dial call. Sent by Webex as <c>alerting</c>.</summary>
    Alerting = 2,

    /// <summary>The call is connected. Sent by Webex as <c>connected</c>.</summary>
    Connected = 3,

    /// <summary>The user has placed the call on hold. Sent by Webex as <c>held</c>.</summary>
    Held = 4,

    /// <summary>The remote party (in the same organization) has placed the call on hold. Sent by Webex as <c>remoteHeld</c>.</summary>
    RemoteHeld = 5,

    /// <summary>The call has been disconnected. Sent by Webex as <c>disconnected</c>.</summary>
    Disconnected = 6,
}
