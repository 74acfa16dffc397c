namespace CallControl.Sdk;

/// <summary>What happened to a call, as a <c>telephony_calls</c> webhook event's <c>data.eventType</c> says.</summary>
public enum CallEventType
{
    /// <summary>A kind this version does not know (Webex adds kinds over time); the event is still delivered.</summary>
    Unknown = 0,

    /// <summary>The call is ringing (<c>alerting</c>).</summary>
    Alerting = 1,

    /// <summary>The call was answered (<c>answered</c>).</summary>
    Answered = 2,

    /// <summary>The call is connected (<c>connected</c>).</summary>
    Connected = 3,

    /// <summary>The user held the call (<c>held</c>).</summary>
    Held = 4,

    /// <summary>The other party held the call (<c>remoteHeld</c>).</summary>
    RemoteHeld = 5,

    /// <summary>The held call was resumed (<c>resumed</c>).</summary>
    Resumed = 6,

    /// <summary>The call's recording changed (<c>recording</c>).</summary>
    Recording = 7,

    /// <summary>The call ended (<c>disconnected</c>).</summary>
    Disconnected = 8,

    /// <summary>The call was forwarded (<c>forwarded</c>).</summary>
    Forwarded = 9,
}
