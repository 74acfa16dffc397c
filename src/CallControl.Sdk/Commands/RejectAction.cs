namespace CallControl.Sdk;

/// <summary>What Webex does with a rejected incoming call.</summary>
public enum RejectAction
{
    /// <summary>Send the call to busy (Webex's default when no action is given). Sent as <c>busy</c>.</summary>
    Busy = 0,

    /// <summary>Send the call to temporarily unavailable. Sent as <c>temporarilyUnavailable</c>.</summary>
    TemporarilyUnavailable = 1,

    /// <summary>Stop alerting the user's devices while the caller keeps hearing ringback. Sent as <c>ignore</c>.</summary>
    Ignore = 2,
}
