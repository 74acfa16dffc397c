namespace CallControl.Sdk;

/// <summary>Why an incoming call was redirected.</summary>
public enum RedirectionReason
{
    /// <summary>A value this version of the SDK does not know (Webex may add values); the call is otherwise readable.</summary>
    Unknown = 0,

    /// <summary>On busy (for example Call Forwarding Busy). Sent by Webex as <c>busy</c>.</summary>
    Busy = 1,

    /// <summary>On no answer. Sent by Webex as <c>noAnswer</c>.</summary>
    NoAnswer = 2,

    /// <summary>On unavailable (for example Business Continuity). Sent by Webex as <c>unavailable</c>.</summary>
    Unavailable = 3,

    /// <summary>Unconditionally (Call Forwarding Always). Sent by Webex as <c>unconditional</c>.</summary>
    Unconditional = 4,

    /// <summary>By a schedule (Selective Call Forwarding). Sent by Webex as <c>timeOfDay</c>.</summary>
    TimeOfDay = 5,

    /// <summary>By a divert. Sent by Webex as <c>divert</c>.</summary>
    Divert = 6,

    /// <summary>By a follow-me service (Simultaneous Ring). Sent by Webex as <c>followMe</c>.</summary>
    FollowMe = 7,

    /// <summary>By hunt group routing. Sent by Webex as <c>huntGroup</c>.</summary>
    HuntGroup = 8,

    /// <summary>By call queue routing. Sent by Webex as <c>callQueue</c>.</summary>
    CallQueue = 9,

    /// <summary>For a reason Webex itself does not know. Sent by Webex as <c>unknown</c>.</summary>
    Unspecified = 10,
}
