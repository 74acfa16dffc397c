namespace CallControl.Sdk;

/// <summary>The kind of a call history record, and the filter of <see cref="CallControlClient.GetCallHistoryAsync(CallHistoryType?, CancellationToken)"/>.</summary>
public enum CallHistoryType
{
    /// <summary>A value this version of the SDK does not know (Webex may add values). Not valid as a filter.</summary>
    Unknown = 0,

    /// <summary>An outgoing call placed by the user. Sent as <c>placed</c>.</summary>
    Placed = 1,

    /// <summary>An incoming call to the user that was not answered. Sent as <c>missed</c>.</summary>
    Missed = 2,

    /// <summary>An incoming call to the user that was answered. Sent as <c>received</c>.</summary>
    Received = 3,
}
