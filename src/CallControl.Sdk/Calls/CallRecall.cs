namespace CallControl.Sdk;

/// <summary>Why an incoming call is a recall (today: a park the user started), and against whom.</summary>
public sealed class CallRecall
{
    /// <summary>Gets the kind of recall.</summary>
    public RecallType Type { get; init; }

    /// <summary>Gets, for a park recall, the party the call was parked against.</summary>
    public CallParty? Party { get; init; }
}
