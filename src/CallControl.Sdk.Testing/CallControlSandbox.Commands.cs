using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CallControl.Sdk.Testing;

// Every Call Control endpoint besides transfer, with state kept consistent across them. Simplifications (documented
// in docs/sandbox.md): dial, retrieve, pickup and barge-in connect at once; lineOwnerId and endpointId are accepted
// and ignored; the user's own park extension is SandboxOwnNumber.
public sealed partial class CallControlSandbox
{
    /// <summary>The number the sandbox user parks against when no destination is given (and retrieves from by default).</summary>
    public const string SandboxOwnNumber = "1000";

    /// <summary>The call park group member the sandbox parks against for a group park.</summary>
    public const string SandboxGroupParkNumber = "1001";

    private const int MaxHistoryPerType = 20;

    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal)
    {
        "dial", "answer", "reject", "hangup", "hold", "resume", "divert", "park", "retrieve",
        "startRecording", "stopRecording", "pauseRecording", "resumeRecording", "transmitDtmf", "push",
        "pickup", "bargeIn", "mute", "unmute",
    };

    private readonly Dictionary<string, SandboxCall> _parked = new(StringComparer.Ordinal);
    private readonly List<(string Target, string Caller)> _ringingElsewhere = [];
    private readonly List<CallHistoryRecord> _history = [];

    /// <summary>Gets a snapshot of the parked calls, by the number each is parked against.</summary>
    public IReadOnlyDictionary<string, SandboxCall> ParkedCalls
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, SandboxCall>(_parked, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Gets a snapshot of the user's call history, newest first (at most 20 records per type).</summary>
    public IReadOnlyList<CallHistoryRecord> History
    {
        get
        {
            lock (_gate)
            {
                return [.. _history];
            }
        }
    }

    /// <summary>Adds an incoming call ringing for another user, which <c>pickup</c> can take.</summary>
    /// <param name="target">The user the call rings for (what a pickup names as its target).</param>
    /// <param name="caller">The caller.</param>
    public void AddCallRingingFor(string target, string caller = "+14085550103")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(caller);
        lock (_gate)
        {
            _ringingElsewhere.Add((target, caller));
        }
    }

    private SandboxCall NewCall(string remoteParty, SandboxCallDirection direction, SandboxCallState state)
        => new() { Id = NewId("CALLS"), CallSessionId = NewId("SESSION"), Direction = direction, RemoteParty = remoteParty, State = state, Created = _options.TimeProvider.GetUtcNow() };

    private (int Status, string? Json) Command(string name, JsonElement body)
    {
        var callId = ReadString(body, "callId");
        var destination = ReadString(body, "destination");
        var target = ReadString(body, "target");
        lock (_gate)
        {
            switch (name)
            {
                case "dial":
                    return destination is null ? (400, "destination is required.") : Created(Add(NewCall(destination, SandboxCallDirection.Outgoing, SandboxCallState.Connected)));
                case "retrieve":
                    {
                        var from = destination ?? SandboxOwnNumber;
                        if (!_parked.Remove(from, out var parked))
                        {
                            return (404, $"No call is parked against '{from}'.");
                        }

                        return Created(Add(NewCall(parked.RemoteParty, parked.Direction, SandboxCallState.Connected)));
                    }

                case "pickup":
                    {
                        var index = _ringingElsewhere.FindIndex(r => target is null || r.Target == target);
                        if (index < 0)
                        {
                            return (404, target is null ? "No call is ringing in the pickup group." : $"No call is ringing for '{target}'.");
                        }

                        var caller = _ringingElsewhere[index].Caller;
                        _ringingElsewhere.RemoveAt(index);
                        return Created(Add(NewCall(caller, SandboxCallDirection.Incoming, SandboxCallState.Connected)));
                    }

                case "bargeIn":
                    return target is null ? (400, "target is required.") : Created(Add(NewCall(target, SandboxCallDirection.Outgoing, SandboxCallState.Connected)));
            }

            if (callId is null)
            {
                return (400, "callId is required.");
            }

            var index2 = _calls.FindIndex(c => c.Id == callId);
            if (index2 < 0)
            {
                return (404, $"Call '{callId}' was not found.");
            }

            var call = _calls[index2];
            switch (name)
            {
                case "answer":
                    return call.State == SandboxCallState.Alerting ? Replace(index2, call with { State = SandboxCallState.Connected }) : (409, $"Call '{callId}' is not alerting, so it cannot be answered.");
                case "reject":
                    {
                        var action = ReadString(body, "action");
                        if (action is not (null or "busy" or "temporarilyUnavailable" or "ignore"))
                        {
                            return (400, $"action '{action}' is not one of busy, temporarilyUnavailable, ignore.");
                        }

                        return call.State == SandboxCallState.Alerting ? End(index2, CallHistoryType.Missed) : (409, $"Call '{callId}' is not an unanswered incoming call, so it cannot be rejected.");
                    }

                case "hangup":
                    return End(index2, call.Answered ? (call.Direction == SandboxCallDirection.Outgoing ? CallHistoryType.Placed : CallHistoryType.Received) : CallHistoryType.Missed);
                case "hold":
                    return call.State == SandboxCallState.Connected ? Replace(index2, call with { State = SandboxCallState.Held }) : (409, $"Call '{callId}' is {call.State}; only a connected call can be held.");
                case "resume":
                    return call.State == SandboxCallState.Held ? Replace(index2, call with { State = SandboxCallState.Connected }) : (409, $"Call '{callId}' is {call.State}; only a held call can be resumed.");
                case "divert":
                    {
                        var toVoicemail = body.TryGetProperty("toVoicemail", out var v) && v.ValueKind == JsonValueKind.True;
                        if (destination is null && !toVoicemail)
                        {
                            return (400, "destination is required when toVoicemail is not true.");
                        }

                        return End(index2, call.Answered ? CallHistoryType.Received : CallHistoryType.Missed);
                    }

                case "park":
                    {
                        if (!call.Answered)
                        {
                            return (409, $"Call '{callId}' is not connected, so it cannot be parked.");
                        }

                        var groupPark = body.TryGetProperty("isGroupPark", out var g) && g.ValueKind == JsonValueKind.True;
                        var against = groupPark ? SandboxGroupParkNumber : destination ?? SandboxOwnNumber;
                        if (_parked.ContainsKey(against))
                        {
                            return (409, $"A call is already parked against '{against}'.");
                        }

                        _calls.RemoveAt(index2);
                        _parked[against] = call;
                        return (200, Json(writer =>
                        {
                            writer.WriteStartObject();
                            writer.WriteStartObject("parkedAgainst");
                            writer.WriteString("name", "Sandbox park " + against);
                            writer.WriteString("number", against);
                            writer.WriteBoolean("privacyEnabled", false);
                            writer.WriteString("callType", "location");
                            writer.WriteEndObject();
                            writer.WriteEndObject();
                        }));
                    }

                case "startRecording":
                    return call.RecordingState is null or RecordingState.Stopped ? Replace(index2, call with { RecordingState = RecordingState.Started }) : (409, $"Call '{callId}' is already being recorded.");
                case "stopRecording":
                    return call.RecordingState is RecordingState.Started or RecordingState.Paused ? Replace(index2, call with { RecordingState = RecordingState.Stopped }) : (409, $"Call '{callId}' is not being recorded.");
                case "pauseRecording":
                    return call.RecordingState is RecordingState.Started ? Replace(index2, call with { RecordingState = RecordingState.Paused }) : (409, $"The recording of call '{callId}' is not running.");
                case "resumeRecording":
                    return call.RecordingState is RecordingState.Paused ? Replace(index2, call with { RecordingState = RecordingState.Started }) : (409, $"The recording of call '{callId}' is not paused.");
                case "transmitDtmf":
                    {
                        var dtmf = ReadString(body, "dtmf");
                        if (string.IsNullOrEmpty(dtmf) || dtmf.Any(c => !(char.IsAsciiDigit(c) || "*#ABCD,".Contains(c, StringComparison.Ordinal))))
                        {
                            return (400, "dtmf must hold only 0-9, *, #, A-D and ','.");
                        }

                        return call.State == SandboxCallState.Connected ? Replace(index2, call with { Dtmf = call.Dtmf + dtmf }) : (409, $"Call '{callId}' is {call.State}; DTMF needs a connected call.");
                    }

                case "push":
                    _calls.RemoveAt(index2);
                    return (204, null);
                case "mute":
                case "unmute":
                    return call.Answered ? Replace(index2, call with { Muted = name == "mute" }) : (409, $"Call '{callId}' is not connected, so it cannot be muted or unmuted.");
                default:
                    return (404, $"Unknown command '{name}'.");
            }
        }
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
        _history.Insert(0, new CallHistoryRecord { Type = type, Number = call.RemoteParty, Time = _options.TimeProvider.GetUtcNow() });
        var ofType = 0;
        _history.RemoveAll(r => r.Type == type && ++ofType > MaxHistoryPerType);
        return (204, null);
    }

    private (int Status, string? Json) ListCalls()
    {
        lock (_gate)
        {
            return (200, Json(writer =>
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

    private (int Status, string? Json) CallDetails(string callId)
    {
        lock (_gate)
        {
            return Find(callId) is { } call ? (200, Json(writer => WriteCall(writer, call))) : (404, $"Call '{callId}' was not found.");
        }
    }

    private (int Status, string? Json) CallHistory(string? type)
    {
        if (type is not (null or "placed" or "missed" or "received"))
        {
            return (400, $"type '{type}' is not one of placed, missed, received.");
        }

        lock (_gate)
        {
            return (200, Json(writer =>
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

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
