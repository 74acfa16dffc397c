using System.Text.Json;

namespace CallControl.Sdk.Testing;

// POST telephony/calls/{command}: every call command but transfer, and its effect on the calls.
internal sealed partial class SandboxCallStore
{
    internal (int Status, string? Json) Command(string name, JsonElement body)
    {
        var callId = SandboxJson.ReadString(body, "callId");
        var destination = SandboxJson.ReadString(body, "destination");
        var target = SandboxJson.ReadString(body, "target");
        lock (Gate)
        {
            switch (name)
            {
                case "dial":
                    return destination is null ? (400, "destination is required.") : Dial(destination);
                case "retrieve":
                    {
                        var from = destination ?? CallControlSandbox.SandboxOwnNumber;
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

                case "pull":
                    {
                        // The temporary call that alerts the chosen device; answering it takes the pulled call over.
                        var pulled = _calls.Find(c => c.Answered);
                        return pulled is null
                            ? (404, "There is no call to pull.")
                            : Created(Add(NewCall(pulled.RemoteParty, SandboxCallDirection.Incoming, SandboxCallState.Alerting)));
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
                        var action = SandboxJson.ReadString(body, "action");
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
                        var against = groupPark ? CallControlSandbox.SandboxGroupParkNumber : destination ?? CallControlSandbox.SandboxOwnNumber;
                        if (_parked.ContainsKey(against))
                        {
                            return (409, $"A call is already parked against '{against}'.");
                        }

                        _calls.RemoveAt(index2);
                        _parked[against] = call;
                        return (200, SandboxJson.Write(writer =>
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
                        var dtmf = SandboxJson.ReadString(body, "dtmf");
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
}
