using System.Globalization;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk.Internal;

/// <summary>Turns the wire shapes of the query answers into the public models. Never throws: odd values read as absent or Unknown.</summary>
internal static class CallMapper
{
    /// <param name="body">The call as on the wire.</param>
    /// <param name="id">The call's id when the wire names it otherwise (<c>callId</c> in webhook events).</param>
    internal static CallDetails ToDetails(CallBody body, string? id = null) => new()
    {
        Id = id ?? body.Id ?? string.Empty,
        CallSessionId = body.CallSessionId,
        Personality = WireNames.ParsePersonality(body.Personality),
        State = WireNames.ParseCallState(body.State),
        RemoteParty = ToParty(body.RemoteParty),
        Appearance = body.Appearance is { } a && a == Math.Floor(a) && a is >= int.MinValue and <= int.MaxValue ? (int)a : null,
        Created = ParseTime(body.Created),
        Answered = ParseTime(body.Answered),
        Redirections = body.Redirections is { Count: > 0 } redirections
            ? redirections.Where(r => r is not null).Select(r => new CallRedirection { Reason = WireNames.ParseRedirectionReason(r!.Reason), RedirectingParty = ToParty(r.RedirectingParty) }).ToArray()
            : [],
        Recall = body.Recall is { } recall ? new CallRecall { Type = WireNames.ParseRecallType(recall.Type), Party = ToParty(recall.Party) } : null,
        RecordingState = body.RecordingState is null ? null : WireNames.ParseRecordingState(body.RecordingState),
        MuteCapable = body.MuteCapable ?? false,
        Muted = body.Muted ?? false,
    };

    /// <summary>The user's conference, or null for the empty object that means there is none.</summary>
    internal static ConferenceDetails? ToConference(ConferenceBody body)
        => body.State is null && body.Participants is null && body.Created is null
            ? null
            : new ConferenceDetails
            {
                State = WireNames.ParseConferenceState(body.State),
                Appearance = body.Appearance is { } a && a == Math.Floor(a) && a is >= int.MinValue and <= int.MaxValue ? (int)a : null,
                Created = ParseTime(body.Created),
                Muted = body.Muted ?? false,
                Type = body.Type,
                Participants = body.Participants is { } participants
                    ? participants.Where(p => p?.CallId is not null).Select(p => new ConferenceParticipant { CallId = p!.CallId!, Muted = p.Muted ?? false, Deafened = p.Deafened ?? false }).ToArray()
                    : [],
            };

    internal static CallHistoryRecord ToHistory(HistoryBody body) => new()
    {
        Type = WireNames.ParseHistoryType(body.Type),
        Name = body.Name,
        Number = body.Number,
        PrivacyEnabled = body.PrivacyEnabled ?? false,
        Time = ParseTime(body.Time),
    };

    internal static CallParty? ToParty(PartyBody? body) => body is null ? null : new CallParty
    {
        Name = body.Name,
        Number = body.Number,
        PersonId = body.PersonId,
        PlaceId = body.PlaceId,
        PrivacyEnabled = body.PrivacyEnabled ?? false,
        CallType = WireNames.ParsePartyType(body.CallType),
    };

    internal static DateTimeOffset? ParseTime(string? value)
        => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    internal static CallWebhook ToWebhook(WebhookBody body) => new()
    {
        Id = body.Id ?? string.Empty,
        Name = body.Name,
        TargetUrl = Uri.TryCreate(body.TargetUrl, UriKind.Absolute, out var target) ? target : null,
        Event = WireNames.ParseWebhookEvent(body.Event),
        Filter = body.Filter,
        Status = WireNames.ParseWebhookStatus(body.Status),
        Created = ParseTime(body.Created),
        OwnedByOrganization = body.OwnedBy == "org",
        OrgId = body.OrgId,
        CreatedBy = body.CreatedBy,
        AppId = body.AppId,
    };
}
