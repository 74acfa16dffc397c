namespace CallControl.Sdk;

/// <summary>Which of a call's generic webhook events a webhook delivers.</summary>
public enum CallWebhookEvent
{
    /// <summary>Every event (<c>all</c>).</summary>
    All = 0,

    /// <summary>Calls created (<c>created</c>).</summary>
    Created = 1,

    /// <summary>Calls updated (<c>updated</c>): answered, held, resumed and so on.</summary>
    Updated = 2,

    /// <summary>Calls ended (<c>deleted</c>).</summary>
    Deleted = 3,

    /// <summary>A value this version does not know.</summary>
    Unknown = 4,
}
