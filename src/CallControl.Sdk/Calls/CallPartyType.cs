namespace CallControl.Sdk;

/// <summary>Where a party of a call is, relative to the user.</summary>
public enum CallPartyType
{
    /// <summary>A value this version of the SDK does not know (Webex may add values); the call is otherwise readable.</summary>
    Unknown = 0,

    /// <summary>The party is in the same location. Sent by Webex as <c>location</c>.</summary>
    Location = 1,

    /// <summary>The party is in the same organization, another location. Sent by Webex as <c>organization</c>.</summary>
    Organization = 2,

    /// <summary>The party is outside the organization. Sent by Webex as <c>external</c>.</summary>
    External = 3,

    /// <summary>An emergency call destination. Sent by Webex as <c>emergency</c>.</summary>
    Emergency = 4,

    /// <summary>A repair call destination. Sent by Webex as <c>repair</c>.</summary>
    Repair = 5,

    /// <summary>None of the defined types (for example a feature access code). Sent by Webex as <c>other</c>.</summary>
    Other = 6,
}
