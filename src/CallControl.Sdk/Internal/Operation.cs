using System.Net;

namespace CallControl.Sdk.Internal;

/// <summary>
/// What the pipeline needs to know about an API operation: its name (for messages and telemetry), its method and path,
/// and whether it is a command (not idempotent: never resent after an ambiguous failure) or a query (safe to retry).
/// Every operation of the SDK is listed here, so the resilience policy of each is decided in one place.
/// </summary>
internal sealed class Operation
{
    private const string Calls = "telephony/calls";
    private readonly ConflictHint? _hint;

    private Operation(string name, ApiRequest.Route route, bool isCommand, string method, string path, ConflictHint? hint = null)
    {
        Name = name;
        Route = route;
        IsCommand = isCommand;
        Method = method;
        Path = path;
        _hint = hint;
        Segment = path[(path.LastIndexOf('/') + 1)..];
        ActivityName = "CallControl " + name;
    }

    internal static Operation Transfer { get; } = Command("transfer", ApiRequest.Route.Transfer, new(
        "Unanswered incoming calls cannot be transferred; divert them instead (POST telephony/calls/divert).",
        "unanswered", "not answered", "alerting", "ringing", "incoming"));

    internal static Operation Dial { get; } = Command("dial");

    internal static Operation Answer { get; } = Command("answer", new(
        "Only an alerting incoming call can be answered, on a device that supports answering through the API.",
        "alerting", "answer", "device", "endpoint"));

    internal static Operation Reject { get; } = Command("reject");

    internal static Operation Hangup { get; } = Command("hangup");

    internal static Operation Hold { get; } = Command("hold");

    internal static Operation Resume { get; } = Command("resume");

    internal static Operation Divert { get; } = Command("divert");

    internal static Operation Park { get; } = Command("park");

    internal static Operation Retrieve { get; } = Command("retrieve");

    internal static Operation StartRecording { get; } = Command("startRecording");

    internal static Operation StopRecording { get; } = Command("stopRecording");

    internal static Operation PauseRecording { get; } = Command("pauseRecording");

    internal static Operation ResumeRecording { get; } = Command("resumeRecording");

    internal static Operation TransmitDtmf { get; } = Command("transmitDtmf");

    internal static Operation Push { get; } = Command("push");

    internal static Operation Pickup { get; } = Command("pickup");

    internal static Operation BargeIn { get; } = Command("bargeIn");

    internal static Operation Mute { get; } = Command("mute", new(
        "Only a call whose details say MuteCapable can be muted or unmuted.",
        "mute", "capab"));

    internal static Operation Unmute { get; } = Command("unmute", Mute._hint);

    internal static Operation ListCalls { get; } = new("listCalls", ApiRequest.Route.ListCalls, isCommand: false, "GET", Calls);

    internal static Operation GetCall { get; } = new("getCall", ApiRequest.Route.GetCall, isCommand: false, "GET", Calls + "/{callId}");

    internal static Operation GetCallHistory { get; } = new("getCallHistory", ApiRequest.Route.GetCallHistory, isCommand: false, "GET", Calls + "/history");

    internal static Operation CreateCallWebhook { get; } = new("createCallWebhook", ApiRequest.Route.CreateWebhook, isCommand: true, "POST", "webhooks");

    internal static Operation ListCallWebhooks { get; } = new("listCallWebhooks", ApiRequest.Route.ListWebhooks, isCommand: false, "GET", "webhooks");

    internal static Operation GetWebhook { get; } = new("getWebhook", ApiRequest.Route.GetWebhook, isCommand: false, "GET", "webhooks/{webhookId}");

    internal static Operation UpdateWebhook { get; } = new("updateWebhook", ApiRequest.Route.UpdateWebhook, isCommand: true, "PUT", "webhooks/{webhookId}");

    internal static Operation DeleteWebhook { get; } = new("deleteWebhook", ApiRequest.Route.DeleteWebhook, isCommand: true, "DELETE", "webhooks/{webhookId}");

    internal string Name { get; }

    /// <summary>The method of the Refit interface that carries this operation (<see cref="ApiRequest.SendAsync"/>).</summary>
    internal ApiRequest.Route Route { get; }

    /// <summary>True for a command (POST, not idempotent); false for a query (GET, retried after 5xx and timeouts).</summary>
    internal bool IsCommand { get; }

    internal string Method { get; }

    /// <summary>The path relative to the base address, for logs and traces (a template for a query with a path parameter).</summary>
    internal string Path { get; }

    /// <summary>The last path segment of a call command: <c>telephony/calls/{Segment}</c>.</summary>
    internal string Segment { get; }

    internal string ActivityName { get; }

    /// <summary>
    /// An operation-specific hint for a 409, added to the exception message only where it can be right: when the
    /// server gave no reason, or a reason that is the hint's own cause (not, say, "needs exactly two calls").
    /// </summary>
    internal string? HintFor(HttpStatusCode status, string? serverMessage)
        => status == HttpStatusCode.Conflict && _hint is { } hint && hint.Fits(serverMessage) ? hint.Text : null;

    private static Operation Command(string name, ConflictHint? hint = null)
        => Command(name, ApiRequest.Route.CallCommand, hint);

    private static Operation Command(string name, ApiRequest.Route route, ConflictHint? hint = null)
        => new(name, route, isCommand: true, "POST", Calls + "/" + name, hint);

    /// <summary>What a 409 of an operation usually means, and the words of a server message that say that cause.</summary>
    private sealed class ConflictHint(string text, params string[] causeWords)
    {
        internal string Text { get; } = text;

        internal bool Fits(string? serverMessage)
            => string.IsNullOrWhiteSpace(serverMessage) || causeWords.Any(word => serverMessage.Contains(word, StringComparison.OrdinalIgnoreCase));
    }
}
