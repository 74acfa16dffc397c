namespace CallControl.Sdk.Internal.Wire;

// The answers of the GET endpoints and of park, as they are on the wire: every field optional and enumerations as
// strings, so an unknown value or a missing field never fails a read. CallMapper turns them into the public models.
#pragma warning disable SA1402, SA1649 // Internal wire shapes of one family, kept together.

internal sealed class PartyBody
{
    public string? Name { get; init; }

    public string? Number { get; init; }

    public string? PersonId { get; init; }

    public string? PlaceId { get; init; }

    public bool? PrivacyEnabled { get; init; }

    public string? CallType { get; init; }
}

internal sealed class RedirectionBody
{
    public string? Reason { get; init; }

    public PartyBody? RedirectingParty { get; init; }
}

internal sealed class RecallBody
{
    public string? Type { get; init; }

    public PartyBody? Party { get; init; }
}

internal class CallBody
{
    public string? Id { get; init; }

    public string? CallSessionId { get; init; }

    public string? Personality { get; init; }

    public string? State { get; init; }

    public PartyBody? RemoteParty { get; init; }

    public double? Appearance { get; init; }

    public string? Created { get; init; }

    public string? Answered { get; init; }

    public List<RedirectionBody?>? Redirections { get; init; }

    public RecallBody? Recall { get; init; }

    public string? RecordingState { get; init; }

    public bool? MuteCapable { get; init; }

    public bool? Muted { get; init; }
}

internal sealed class HistoryBody
{
    public string? Type { get; init; }

    public string? Name { get; init; }

    public string? Number { get; init; }

    public bool? PrivacyEnabled { get; init; }

    public string? Time { get; init; }
}

internal sealed class CallListBody
{
    public List<CallBody?>? Items { get; init; }
}

internal sealed class HistoryListBody
{
    public List<HistoryBody?>? Items { get; init; }
}

internal sealed class ConferenceBody
{
    public string? State { get; init; }

    public double? Appearance { get; init; }

    public string? Created { get; init; }

    public bool? Muted { get; init; }

    public string? Type { get; init; }

    public List<ConferenceParticipantBody?>? Participants { get; init; }
}

internal sealed class ConferenceParticipantBody
{
    public string? CallId { get; init; }

    public bool? Muted { get; init; }

    public bool? Deafened { get; init; }
}

internal sealed class ParkBody
{
    public PartyBody? ParkedAgainst { get; init; }
}

/// <summary>The <c>data</c> of a <c>telephony_calls</c> webhook event: a call (with <c>callId</c> for <c>id</c>) and the event's kind and time.</summary>
internal sealed class CallEventDataBody : CallBody
{
    public string? CallId { get; init; }

    public string? EventType { get; init; }

    public string? EventTimestamp { get; init; }
}

/// <summary>One webhook delivery: the webhook's envelope around the event's <c>data</c>.</summary>
internal sealed class WebhookEventBody
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Resource { get; init; }

    public string? Event { get; init; }

    public string? OrgId { get; init; }

    public string? ActorId { get; init; }

    public string? CreatedBy { get; init; }

    public string? AppId { get; init; }

    public string? OwnedBy { get; init; }

    public CallEventDataBody? Data { get; init; }
}
