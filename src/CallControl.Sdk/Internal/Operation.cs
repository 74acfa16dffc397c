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
    private readonly Func<HttpStatusCode, string?>? _hint;

    private Operation(string name, bool isCommand, string method, string path, Func<HttpStatusCode, string?>? hint = null)
    {
        Name = name;
        IsCommand = isCommand;
        Method = method;
        Path = path;
        _hint = hint;
        Segment = path[(path.LastIndexOf('/') + 1)..];
        ActivityName = "CallControl " + name;
    }

    internal static Operation Transfer { get; } = Command("transfer", status => status == HttpStatusCode.Conflict
        ? "Unanswered incoming calls cannot be transferred; divert them instead (POST telephony/calls/divert)."
        : null);

    internal static Operation Dial { get; } = Command("dial");

    internal static Operation Answer { get; } = Command("answer", status => status == HttpStatusCode.Conflict
        ? "Only an alerting incoming call can be answered, on a device that supports answering through the API."
        : null);

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

    internal static Operation Mute { get; } = Command("mute", status => status == HttpStatusCode.Conflict
        ? "Only a call whose details say MuteCapable can be muted or unmuted."
        : null);

    internal static Operation Unmute { get; } = Command("unmute", Mute._hint);

    internal static Operation ListCalls { get; } = new("listCalls", isCommand: false, "GET", Calls);

    internal static Operation GetCall { get; } = new("getCall", isCommand: false, "GET", Calls + "/{callId}");

    internal static Operation GetCallHistory { get; } = new("getCallHistory", isCommand: false, "GET", Calls + "/history");

    internal string Name { get; }

    /// <summary>True for a command (POST, not idempotent); false for a query (GET, retried after 5xx and timeouts).</summary>
    internal bool IsCommand { get; }

    internal string Method { get; }

    /// <summary>The path relative to the base address, for logs and traces (a template for a query with a path parameter).</summary>
    internal string Path { get; }

    /// <summary>The last path segment of a command: <c>telephony/calls/{Segment}</c>.</summary>
    internal string Segment { get; }

    internal string ActivityName { get; }

    /// <summary>An operation-specific hint added to the exception message for a status, if any.</summary>
    internal string? HintFor(HttpStatusCode status) => _hint?.Invoke(status);

    private static Operation Command(string name, Func<HttpStatusCode, string?>? hint = null)
        => new(name, isCommand: true, "POST", Calls + "/" + name, hint);
}
