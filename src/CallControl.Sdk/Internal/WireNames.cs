namespace CallControl.Sdk.Internal;

/// <summary>
/// The one place that maps the SDK's enumerations to Webex's wire strings and back. Reading never fails: a string this
/// version does not know becomes <c>Unknown</c> (value 0), because Webex adds values over time.
/// </summary>
internal static class WireNames
{
    // Index = enum value; index 0 (Unknown) has no wire name.
    private static readonly string?[] CallStates = [null, "connecting", "alerting", "connected", "held", "remoteHeld", "disconnected"];
    private static readonly string?[] ConferenceStates = [null, "active", "held", "released"];
    private static readonly string?[] Personalities = [null, "originator", "terminator", "clickToDial"];
    private static readonly string?[] PartyTypes = [null, "location", "organization", "external", "emergency", "repair", "other"];
    private static readonly string?[] RecordingStates = [null, "pending", "started", "paused", "stopped", "failed"];
    private static readonly string?[] RedirectionReasons = [null, "busy", "noAnswer", "unavailable", "unconditional", "timeOfDay", "divert", "followMe", "huntGroup", "callQueue", "unknown"];
    private static readonly string?[] RecallTypes = [null, "park"];
    private static readonly string?[] HistoryTypes = [null, "placed", "missed", "received"];
    private static readonly string?[] EventTypes = [null, "alerting", "answered", "connected", "held", "remoteHeld", "resumed", "recording", "disconnected", "forwarded"];
    private static readonly string?[] WebhookEvents = ["all", "created", "updated", "deleted"];
    private static readonly string?[] WebhookStatuses = [null, "active", "inactive"];
    private static readonly string[] RejectActions = ["busy", "temporarilyUnavailable", "ignore"];

    internal static string? Of(RejectAction? action) => action is { } a ? RejectActions[(int)a] : null;

    internal static string? Of(CallHistoryType type) => HistoryTypes[(int)type];

    internal static string Of(CallWebhookEvent value) => WebhookEvents[(int)value] ?? "all";

    internal static CallWebhookEvent ParseWebhookEvent(string? value) => value is null ? CallWebhookEvent.Unknown : Array.IndexOf(WebhookEvents, value) is >= 0 and var i ? (CallWebhookEvent)i : CallWebhookEvent.Unknown;

    internal static CallWebhookStatus ParseWebhookStatus(string? value) => (CallWebhookStatus)IndexOf(WebhookStatuses, value);

    internal static CallEventType ParseEventType(string? value) => (CallEventType)IndexOf(EventTypes, value);

    internal static CallState ParseCallState(string? value) => (CallState)IndexOf(CallStates, value);

    internal static ConferenceState ParseConferenceState(string? value) => (ConferenceState)IndexOf(ConferenceStates, value);

    internal static CallPersonality ParsePersonality(string? value) => (CallPersonality)IndexOf(Personalities, value);

    internal static CallPartyType ParsePartyType(string? value) => (CallPartyType)IndexOf(PartyTypes, value);

    internal static RecordingState ParseRecordingState(string? value) => (RecordingState)IndexOf(RecordingStates, value);

    internal static RedirectionReason ParseRedirectionReason(string? value) => (RedirectionReason)IndexOf(RedirectionReasons, value);

    internal static RecallType ParseRecallType(string? value) => (RecallType)IndexOf(RecallTypes, value);

    internal static CallHistoryType ParseHistoryType(string? value) => (CallHistoryType)IndexOf(HistoryTypes, value);

    private static int IndexOf(string?[] names, string? value)
    {
        if (value is null)
        {
            return 0;
        }

        for (var i = 1; i < names.Length; i++)
        {
            if (string.Equals(names[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return 0;
    }
}
