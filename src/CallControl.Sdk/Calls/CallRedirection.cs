namespace CallControl.Sdk;

/// <summary>One earlier redirection of an incoming call.</summary>
public sealed class CallRedirection
{
    /// <summary>Gets why the call was redirected.</summary>
    public RedirectionReason Reason { get; init; }

    /// <summary>Gets who redirected the call, if Webex said.</summary>
    public CallParty? RedirectingParty { get; init; }
}
