using System.Globalization;
using System.Text.Json;

namespace CallControl.Sdk.Testing;

/// <summary>
/// The sandbox user's calls, parked calls, calls ringing for others and call history, and every Call Control
/// endpoint's effect on them, kept consistent across endpoints. Simplifications (documented in docs/sandbox.md):
/// dial, retrieve, pickup and barge-in connect at once; lineOwnerId and endpointId are accepted and ignored; the
/// user's own park extension is <see cref="CallControlSandbox.SandboxOwnNumber"/>.
/// </summary>
/// <remarks>
/// Every change happens under <see cref="Gate"/>, which the endpoints also hold while they compare the calls before
/// and after a command, so that the events of one command are published together and in order.
/// </remarks>
internal sealed partial class SandboxCallStore(TimeProvider time)
{
    private const int MaxHistoryPerType = 20;

    /// <summary>The call commands of <c>POST telephony/calls/{command}</c> (transfer has its own endpoint).</summary>
    internal static readonly HashSet<string> Commands = new(StringComparer.Ordinal)
    {
        "dial", "answer", "reject", "hangup", "hold", "resume", "divert", "park", "retrieve",
        "startRecording", "stopRecording", "pauseRecording", "resumeRecording", "transmitDtmf", "push",
        "pickup", "bargeIn", "pull", "mute", "unmute",
    };

    private readonly TimeProvider _time = time;
    private readonly List<SandboxCall> _calls = [];
    private readonly Dictionary<string, SandboxCall> _parked = new(StringComparer.Ordinal);
    private readonly List<(string Target, string Caller)> _ringingElsewhere = [];
    private readonly Dictionary<string, SandboxDestination> _destinations = new(StringComparer.Ordinal);
    private readonly List<ITimer> _timers = [];
    private IReadOnlyList<string> _wrapupReasons = [];
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private readonly List<CallHistoryRecord> _history = [];

    internal object Gate { get; } = new();

    /// <summary>The calls as they are now; the caller holds <see cref="Gate"/> when it must compare before and after.</summary>
    internal List<SandboxCall> Calls
    {
        get
        {
            lock (Gate)
            {
                return [.. _calls];
            }
        }
    }

    internal IReadOnlyDictionary<string, SandboxCall> Parked
    {
        get
        {
            lock (Gate)
            {
                return new Dictionary<string, SandboxCall>(_parked, StringComparer.Ordinal);
            }
        }
    }

    internal IReadOnlyList<CallHistoryRecord> History
    {
        get
        {
            lock (Gate)
            {
                return [.. _history];
            }
        }
    }

    internal SandboxCall Add(string remoteParty, SandboxCallDirection direction, SandboxCallState state)
    {
        lock (Gate)
        {
            return Add(NewCall(remoteParty, direction, state));
        }
    }

    internal void AddRingingFor(string target, string caller)
    {
        lock (Gate)
        {
            _ringingElsewhere.Add((target, caller));
        }
    }

    /// <summary>Adds a member id the members paths accept besides the sandbox's user.</summary>
    internal void AddMember(string memberId)
    {
        lock (Gate)
        {
            _members.Add(memberId);
        }
    }

    /// <summary>Whether the members paths accept <paramref name="memberId"/> (besides the sandbox's own member).</summary>
    internal bool IsAddedMember(string memberId)
    {
        lock (Gate)
        {
            return _members.Contains(memberId);
        }
    }

    /// <summary>The wrap-up reasons last set for the member.</summary>
    internal IReadOnlyList<string> WrapupReasons
    {
        get
        {
            lock (Gate)
            {
                return _wrapupReasons;
            }
        }
    }

    /// <summary>Sets the member's wrap-up reasons (<c>POST members/{memberId}/wrapupreasons</c>).</summary>
    internal (int Status, string? Json) SetWrapupReasons(JsonElement body)
    {
        if (!body.TryGetProperty("wrapupReasons", out var reasons) || reasons.ValueKind != JsonValueKind.Array || reasons.GetArrayLength() == 0
            || reasons.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
        {
            return (400, "wrapupReasons must be a non-empty array of strings.");
        }

        _wrapupReasons = [.. reasons.EnumerateArray().Select(r => r.GetString()!)];
        return (204, null);
    }

    /// <summary>Runs a change that happens later (a destination answering) the way a request's change runs, so webhooks get its events; set by the sandbox.</summary>
    internal Action<Action>? Later { get; set; }

    internal void SetDestination(string destination, SandboxDestination behavior)
    {
        lock (Gate)
        {
            _destinations[destination] = behavior;
        }
    }

    internal void Reset()
    {
        lock (Gate)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            _timers.Clear();
            _destinations.Clear();
            _wrapupReasons = [];
            _members.Clear();
            ResetConference();
            _calls.Clear();
            _parked.Clear();
            _ringingElsewhere.Clear();
            _history.Clear();
        }
    }

    private SandboxCall NewCall(string remoteParty, SandboxCallDirection direction, SandboxCallState state)
        => new() { Id = SandboxJson.NewId("CALLS"), CallSessionId = SandboxJson.NewId("SESSION"), Direction = direction, RemoteParty = remoteParty, State = state, Created = _time.GetUtcNow() };

    private SandboxCall? Find(string id) => _calls.Find(c => c.Id == id);

    /// <summary>A dialled call: connected at once, or alerting until its destination answers, never answers or is busy.</summary>
    private (int Status, string? Json) Dial(string destination)
    {
        if (!_destinations.TryGetValue(destination, out var behavior) || behavior is { NeverAnswers: false, Busy: false } && behavior.AnswerAfter <= TimeSpan.Zero)
        {
            return Created(Add(NewCall(destination, SandboxCallDirection.Outgoing, SandboxCallState.Connected)));
        }

        var call = Add(NewCall(destination, SandboxCallDirection.Outgoing, SandboxCallState.Alerting));
        if (behavior.Busy)
        {
            Schedule(TimeSpan.Zero, () => Settle(call.Id, answer: false));
        }
        else if (!behavior.NeverAnswers)
        {
            Schedule(behavior.AnswerAfter, () => Settle(call.Id, answer: true));
        }

        return Created(call);
    }

    /// <summary>The destination answers (the call connects) or is busy (the call ends), if the call still alerts.</summary>
    private void Settle(string callId, bool answer)
    {
        var index = _calls.FindIndex(c => c.Id == callId && c.State == SandboxCallState.Alerting);
        if (index < 0)
        {
            return;
        }

        if (answer)
        {
            Replace(index, _calls[index] with { State = SandboxCallState.Connected });
        }
        else
        {
            End(index, CallHistoryType.Placed);
        }
    }

    private void Schedule(TimeSpan delay, Action change)
    {
        var later = Later;
        if (later is null)
        {
            return;
        }

        _timers.Add(_time.CreateTimer(_ => later(change), null, delay, Timeout.InfiniteTimeSpan));
    }

    private SandboxCall Add(SandboxCall call)
    {
        _calls.Add(call);
        return call;
    }

    private static (int Status, string? Json) Created(SandboxCall call)
        => (201, $$"""{"callId":"{{call.Id}}","callSessionId":"{{call.CallSessionId}}"}""");

    private (int Status, string? Json) Replace(int index, SandboxCall call)
    {
        _calls[index] = call;
        return (204, null);
    }

    private (int Status, string? Json) End(int index, CallHistoryType type)
    {
        var call = _calls[index];
        _calls.RemoveAt(index);
        _history.Insert(0, new CallHistoryRecord { Type = type, Number = call.RemoteParty, Time = _time.GetUtcNow() });
        var ofType = 0;
        _history.RemoveAll(r => r.Type == type && ++ofType > MaxHistoryPerType);
        return (204, null);
    }

    internal (int Status, string? Json) ListCalls()
    {
        lock (Gate)
        {
            return (200, SandboxJson.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("items");
                foreach (var call in _calls)
                {
                    WriteCall(writer, call);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }));
        }
    }

    internal (int Status, string? Json) CallDetails(string callId)
    {
        lock (Gate)
        {
            return Find(callId) is { } call ? (200, SandboxJson.Write(writer => WriteCall(writer, call))) : (404, $"Call '{callId}' was not found.");
        }
    }

    internal (int Status, string? Json) CallHistory(string? type)
    {
        if (type is not (null or "placed" or "missed" or "received"))
        {
            return (400, $"type '{type}' is not one of placed, missed, received.");
        }

        lock (Gate)
        {
            return (200, SandboxJson.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("items");
                foreach (var record in _history)
                {
                    var name = record.Type.ToString().ToLowerInvariant();
                    if (type is null || type == name)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("type", name);
                        writer.WriteString("number", record.Number);
                        writer.WriteBoolean("privacyEnabled", false);
                        writer.WriteString("time", record.Time!.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                        writer.WriteEndObject();
                    }
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }));
        }
    }

    private static void WriteCall(Utf8JsonWriter writer, SandboxCall call)
    {
        writer.WriteStartObject();
        writer.WriteString("id", call.Id);
        writer.WriteString("callSessionId", call.CallSessionId);
        writer.WriteString("personality", call.Direction == SandboxCallDirection.Outgoing ? "originator" : "terminator");
        writer.WriteString("state", call.State switch { SandboxCallState.Alerting => "alerting", SandboxCallState.Held => "held", _ => "connected" });
        writer.WriteStartObject("remoteParty");
        writer.WriteString("number", call.RemoteParty);
        writer.WriteBoolean("privacyEnabled", false);
        writer.WriteString("callType", "external");
        writer.WriteEndObject();
        writer.WriteString("created", call.Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        if (call.RecordingState is { } recording)
        {
            writer.WriteString("recordingState", recording.ToString().ToLowerInvariant());
        }

        writer.WriteBoolean("muteCapable", true);
        writer.WriteBoolean("muted", call.Muted);
        writer.WriteEndObject();
    }
}
