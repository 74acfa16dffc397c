using System.Net;

namespace CallControl.Sdk.Internal;

/// <summary>
/// The route table: every operation of the SDK, declared once with its name (for messages and telemetry), whether it
/// is a command (never resent after an ambiguous failure) or a query (safe to retry), its verb and path, and the
/// method of <see cref="IWebexCallControlApi"/> that sends it. Adding an operation is one line here and one public
/// method on the client; <c>RouteTableTests</c> sends every line through Refit and checks that the verb and path Refit
/// produced are the ones written here.
/// </summary>
internal sealed class Operation
{
    private const string Calls = "telephony/calls";

    /// <summary>Every call command but transfer: <c>POST telephony/calls/{Segment}</c>.</summary>
    private static readonly Route CallCommandRoute = static (api, request, content, authorization, trackingId, token)
        => api.CommandAsync(request.Operation.Segment, content!, authorization, trackingId, SdkInfo.UserAgent, token);

    private readonly ConflictHint? _hint;

    private Operation(string name, bool isCommand, string method, string path, Route send, ConflictHint? hint = null)
    {
        Name = name;
        IsCommand = isCommand;
        Method = method;
        Path = path;
        Send = send;
        _hint = hint;
        Segment = path[(path.LastIndexOf('/') + 1)..];
        ActivityName = "CallControl " + name;
    }

    /// <summary>Sends one attempt of <paramref name="request"/> through its Refit method.</summary>
    /// <param name="api">The Refit client.</param>
    /// <param name="request">The operation's request (its route arguments).</param>
    /// <param name="content">The attempt's fresh body, or null for a query.</param>
    /// <param name="authorization">The Authorization header.</param>
    /// <param name="trackingId">The TrackingID header.</param>
    /// <param name="token">The attempt's cancellation.</param>
    internal delegate Task<HttpResponseMessage> Route(IWebexCallControlApi api, ApiRequest request, HttpContent? content, string authorization, string trackingId, CancellationToken token);

    // Call commands: POST telephony/calls/{name}.
    internal static Operation Transfer { get; } = new("transfer", isCommand: true, "POST", Calls + "/transfer",
        static (api, _, content, authorization, trackingId, token) => api.TransferAsync(content!, authorization, trackingId, SdkInfo.UserAgent, token),
        new("Unanswered incoming calls cannot be transferred; divert them instead (POST telephony/calls/divert).",
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

    // Call queries.
    internal static Operation ListCalls { get; } = new("listCalls", isCommand: false, "GET", Calls,
        static (api, _, _, authorization, trackingId, token) => api.ListCallsAsync(authorization, trackingId, SdkInfo.UserAgent, token));

    internal static Operation GetCall { get; } = new("getCall", isCommand: false, "GET", Calls + "/{callId}",
        static (api, request, _, authorization, trackingId, token) => api.GetCallAsync(request.Argument!, authorization, trackingId, SdkInfo.UserAgent, token));

    internal static Operation GetCallHistory { get; } = new("getCallHistory", isCommand: false, "GET", Calls + "/history",
        static (api, request, _, authorization, trackingId, token) => api.GetCallHistoryAsync(request.Argument, authorization, trackingId, SdkInfo.UserAgent, token));

    // Webhooks. A DELETE carries an empty content so the send guard follows it like any other command.
    internal static Operation CreateCallWebhook { get; } = new("createCallWebhook", isCommand: true, "POST", "webhooks",
        static (api, _, content, authorization, trackingId, token) => api.CreateWebhookAsync(content!, authorization, trackingId, SdkInfo.UserAgent, token));

    internal static Operation ListCallWebhooks { get; } = new("listCallWebhooks", isCommand: false, "GET", "webhooks",
        static (api, request, _, authorization, trackingId, token) => api.ListWebhooksAsync(request.QueryString!, authorization, trackingId, SdkInfo.UserAgent, token));

    internal static Operation GetWebhook { get; } = new("getWebhook", isCommand: false, "GET", "webhooks/{webhookId}",
        static (api, request, _, authorization, trackingId, token) => api.GetWebhookAsync(request.Argument!, authorization, trackingId, SdkInfo.UserAgent, token));

    internal static Operation UpdateWebhook { get; } = new("updateWebhook", isCommand: true, "PUT", "webhooks/{webhookId}",
        static (api, request, content, authorization, trackingId, token) => api.UpdateWebhookAsync(request.Argument!, content!, authorization, trackingId, SdkInfo.UserAgent, token));

    internal static Operation DeleteWebhook { get; } = new("deleteWebhook", isCommand: true, "DELETE", "webhooks/{webhookId}",
        static (api, request, content, authorization, trackingId, token) => api.DeleteWebhookAsync(request.Argument!, content!, authorization, trackingId, SdkInfo.UserAgent, token));

    /// <summary>Every line of the table, for the tests that hold it to Refit and to the resilience rules.</summary>
    internal static IReadOnlyList<Operation> All { get; } =
    [
        Transfer, Dial, Answer, Reject, Hangup, Hold, Resume, Divert, Park, Retrieve, StartRecording, StopRecording,
        PauseRecording, ResumeRecording, TransmitDtmf, Push, Pickup, BargeIn, Mute, Unmute, ListCalls, GetCall,
        GetCallHistory, CreateCallWebhook, ListCallWebhooks, GetWebhook, UpdateWebhook, DeleteWebhook,
    ];

    internal string Name { get; }

    /// <summary>True for a command (not idempotent); false for a query (GET, retried after 5xx and timeouts).</summary>
    internal bool IsCommand { get; }

    internal string Method { get; }

    /// <summary>The path relative to the base address, for logs and traces (a template where it has a path parameter).</summary>
    internal string Path { get; }

    /// <summary>The Refit method that sends this operation.</summary>
    internal Route Send { get; }

    /// <summary>The last path segment: <c>telephony/calls/{Segment}</c> for a call command.</summary>
    internal string Segment { get; }

    internal string ActivityName { get; }

    /// <summary>
    /// An operation-specific hint for a 409, added to the exception message only where it can be right: when the
    /// server gave no reason (nothing, or only the status's own reason phrase), or a reason that is the hint's own
    /// cause (not, say, "needs exactly two calls").
    /// </summary>
    internal string? HintFor(HttpStatusCode status, string? serverMessage)
        => status == HttpStatusCode.Conflict && _hint is { } hint && hint.Fits(serverMessage) ? hint.Text : null;

    private static Operation Command(string name, ConflictHint? hint = null)
        => new(name, isCommand: true, "POST", Calls + "/" + name, CallCommandRoute, hint);

    /// <summary>What a 409 of an operation usually means, and the words of a server message that say that cause.</summary>
    private sealed class ConflictHint(string text, params string[] causeWords)
    {
        internal string Text { get; } = text;

        internal bool Fits(string? serverMessage)
            => string.IsNullOrWhiteSpace(serverMessage)
                || string.Equals(serverMessage.Trim().TrimEnd('.'), "Conflict", StringComparison.OrdinalIgnoreCase)
                || causeWords.Any(word => serverMessage.Contains(word, StringComparison.OrdinalIgnoreCase));
    }
}
