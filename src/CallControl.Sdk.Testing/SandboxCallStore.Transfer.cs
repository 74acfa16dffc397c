using System.Text.Json;

namespace CallControl.Sdk.Testing;

// POST telephony/calls/transfer: the three documented kinds (attended, mute, automatic) and Webex's refusals.
internal sealed partial class SandboxCallStore
{
    internal (int Status, string? Json) Transfer(string body)
    {
        string? callId1, callId2, destination;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrEmpty(body) ? "{}" : body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (400, "The request body must be a JSON object.");
            }

            callId1 = SandboxJson.ReadString(document.RootElement, "callId1");
            callId2 = SandboxJson.ReadString(document.RootElement, "callId2");
            destination = SandboxJson.ReadString(document.RootElement, "destination");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return (400, "The request body is not valid JSON, or a field has the wrong type.");
        }

        if (callId2 is not null && destination is not null)
        {
            return (400, "callId2 and destination cannot both be provided.");
        }

        if ((callId2 is not null || destination is not null) && callId1 is null)
        {
            return (400, "callId1 is mandatory if either callId2 or destination is provided.");
        }

        if (callId1 is not null && callId2 is null && destination is null)
        {
            return (400, "callId2 or destination is mandatory if callId1 is provided.");
        }

        lock (Gate)
        {
            if (callId1 is null)
            {
                if (_calls.Count != 2)
                {
                    return (409, $"An automatic transfer needs exactly two calls; the user has {_calls.Count}.");
                }

                if ((Unanswered(_calls[0]) ?? Unanswered(_calls[1])) is { } refusal)
                {
                    return (409, refusal);
                }

                _calls.Clear();
                return (204, null);
            }

            var first = Find(callId1);
            if (first is null)
            {
                return (404, $"Call '{callId1}' was not found.");
            }

            if (callId2 is not null)
            {
                var second = Find(callId2);
                if (second is null)
                {
                    return (404, $"Call '{callId2}' was not found.");
                }

                if (ReferenceEquals(first, second))
                {
                    return (400, "callId1 and callId2 must be different calls.");
                }

                if ((Unanswered(first) ?? Unanswered(second)) is { } refusal)
                {
                    return (409, refusal);
                }

                _calls.Remove(first);
                _calls.Remove(second);
                return (204, null);
            }

            if (Unanswered(first) is { } unanswered)
            {
                return (409, unanswered);
            }

            if (string.IsNullOrWhiteSpace(destination))
            {
                return (400, "destination must not be empty.");
            }

            _calls.Remove(first);
            return (201, $$"""{"callId":"{{SandboxJson.NewId("CALLS")}}","callSessionId":"{{SandboxJson.NewId("SESSION")}}"}""");
        }
    }

    private static string? Unanswered(SandboxCall call)
        => call.Answered ? null : $"Call '{call.Id}' is an unanswered incoming call and cannot be transferred; divert it instead (POST /v1/telephony/calls/divert).";
}
