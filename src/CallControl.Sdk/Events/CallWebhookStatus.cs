namespace CallControl.Sdk;

/// <summary>Whether Webex delivers to a webhook. Webex sets a webhook whose target keeps failing inactive without notice.</summary>
public enum CallWebhookStatus
{
    /// <summary>A value this version does not know.</summary>
    Unknown = 0,

    /// <summary>Delivered to (<c>active</c>).</summary>
    Active = 1,

    /// <summary>Not delivered to (<c>inactive</c>): revive it with <see cref="CallWebhookUpdate.Reactivate"/>; missed events are not redelivered.</summary>
    Inactive = 2,
}
