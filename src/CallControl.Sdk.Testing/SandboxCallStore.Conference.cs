using System.Text.Json;

namespace CallControl.Sdk.Testing;

// Conference Controls: the user's one conference of their answered calls. Releasing it ends its calls.
internal sealed partial class SandboxCallStore
{
    private Conference? _conference;

    /// <summary>The commands under <c>POST telephony/conference/{command}</c>.</summary>
    internal static readonly HashSet<string> ConferenceCommands = new(StringComparer.Ordinal) { "addParticipant", "hold", "resume", "mute", "unmute", "deafen", "undeafen" };

    /// <summary><c>POST telephony/conference</c>: joins two or more answered calls.</summary>
    internal (int Status, string? Json) StartConference(JsonElement body)
    {
        lock (Gate)
        {
            if (!body.TryGetProperty("callIds", out var ids) || ids.ValueKind != JsonValueKind.Array)
            {
                return (400, "callIds is required.");
            }

            var callIds = ids.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString()! : string.Empty).Distinct(StringComparer.Ordinal).ToList();
            if (callIds.Count < 2)
            {
                return (400, "callIds must name at least two calls.");
            }

            if (_conference is not null)
            {
                return (409, "The user already has a conference; add a participant instead.");
            }

            if (callIds.FirstOrDefault(id => Find(id) is not { Answered: true }) is { } missing)
            {
                return (404, $"Call '{missing}' was not found among the user's answered calls.");
            }

            _conference = new Conference(_time.GetUtcNow(), callIds.ToDictionary(id => id, _ => (Muted: false, Deafened: false), StringComparer.Ordinal));
            return (204, null);
        }
    }

    /// <summary><c>POST telephony/conference/{command}</c>.</summary>
    internal (int Status, string? Json) ConferenceCommand(string name, JsonElement body)
    {
        lock (Gate)
        {
            if (_conference is not { } conference)
            {
                return (409, "The user has no conference.");
            }

            var callId = SandboxJson.ReadString(body, "callId");
            switch (name)
            {
                case "hold" or "resume":
                    conference.Held = name == "hold";
                    return (204, null);
                case "addParticipant":
                    if (callId is null || Find(callId) is not { Answered: true })
                    {
                        return callId is null ? (400, "callId is required.") : (404, $"Call '{callId}' was not found among the user's answered calls.");
                    }

                    return conference.Participants.TryAdd(callId, (false, false)) ? (204, null) : (409, $"Call '{callId}' is already in the conference.");
                case "mute" or "unmute" when callId is null:
                    conference.HostMuted = name == "mute";
                    return (204, null);
            }

            if (callId is null)
            {
                return (400, "callId is required.");
            }

            if (!conference.Participants.TryGetValue(callId, out var participant))
            {
                return (404, $"Call '{callId}' is not in the conference.");
            }

            conference.Participants[callId] = name switch
            {
                "mute" or "unmute" => participant with { Muted = name == "mute" },
                _ => participant with { Deafened = name == "deafen" },
            };
            return (204, null);
        }
    }

    /// <summary><c>GET telephony/conference</c>: the conference, or the empty object Webex answers when there is none.</summary>
    internal (int Status, string? Json) ConferenceDetails()
    {
        lock (Gate)
        {
            var conference = _conference;
            return (200, SandboxJson.Write(writer =>
            {
                writer.WriteStartObject();
                if (conference is not null)
                {
                    writer.WriteString("state", conference.Held ? "held" : "active");
                    writer.WriteString("created", conference.Created);
                    writer.WriteBoolean("muted", conference.HostMuted);
                    writer.WriteStartArray("participants");
                    foreach (var (id, (muted, deafened)) in conference.Participants)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("callId", id);
                        writer.WriteBoolean("muted", muted);
                        writer.WriteBoolean("deafened", deafened);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }));
        }
    }

    /// <summary><c>DELETE telephony/conference</c>: ends it, and its calls with it.</summary>
    internal (int Status, string? Json) ReleaseConference()
    {
        lock (Gate)
        {
            if (_conference is not { } conference)
            {
                return (409, "The user has no conference.");
            }

            foreach (var id in conference.Participants.Keys)
            {
                var index = _calls.FindIndex(c => c.Id == id);
                if (index >= 0)
                {
                    End(index, CallHistoryType.Placed);
                }
            }

            _conference = null;
            return (204, null);
        }
    }

    private void ResetConference() => _conference = null;

    private sealed class Conference(DateTimeOffset created, Dictionary<string, (bool Muted, bool Deafened)> participants)
    {
        internal DateTimeOffset Created { get; } = created;

        internal Dictionary<string, (bool Muted, bool Deafened)> Participants { get; } = participants;

        internal bool Held { get; set; }

        internal bool HostMuted { get; set; }
    }
}
