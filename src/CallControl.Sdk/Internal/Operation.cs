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
    private const string Members = Calls + "/members/{memberId}";
    private const string Conference = "telephony/conference";

    /// <summary>Every call command but transfer: <c>POST telephony/calls/{Segment}</c>.</summary>
    private static readonly Route CallCommandRoute = static (api, request, content, authorization, trackingId, token)
        => api.CommandAsync(request.Operation.Segment, content!, authorization, trackingId, SdkInfo.UserAgent, token);

    /// <summary>Every member command: <c>POST telephony/calls/members/{memberId}/{Segment}?orgId=</c>.</summary>
    private static readonly Route MemberCommandRoute = static (api, request, content, authorization, trackingId, token)
        => api.MemberCommandAsync(request.MemberId!, request.Operation.Segment, request.OrgId, content!, authorization, trackingId, SdkInfo.UserAgent, token);

    /// <summary>What Webex's 400 "Target user not authorized" on a user-level path means: a token that is not the user's.</summary>
    private const string ForMemberHint = "The token is not a user's (a Service App's or an admin's token cannot act as a user on these paths): control the member's calls with CallControlClient.ForMember(memberId), which uses Webex's Call Controls Members paths and the spark-admin:calls_* scopes.";

    private readonly ConflictHint? _hint;

    private Operation(string name, bool isCommand, string method, string path, Route send, ConflictHint? hint = null, string? command = null)
    {
        Name = name;
        Command = command ?? name;
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

    internal static Operation Dial { get; } = CallCommand("dial");

    internal static Operation Answer { get; } = CallCommand("answer", new(
        "Only an alerting incoming call can be answered, on a device that supports answering through the API.",
        "alerting", "answer", "device", "endpoint"));

    internal static Operation Reject { get; } = CallCommand("reject");

    internal static Operation Hangup { get; } = CallCommand("hangup");

    internal static Operation Hold { get; } = CallCommand("hold");

    internal static Operation Resume { get; } = CallCommand("resume");

    internal static Operation Divert { get; } = CallCommand("divert");

    internal static Operation Park { get; } = CallCommand("park");

    internal static Operation Retrieve { get; } = CallCommand("retrieve");

    internal static Operation StartRecording { get; } = CallCommand("startRecording");

    internal static Operation StopRecording { get; } = CallCommand("stopRecording");

    internal static Operation PauseRecording { get; } = CallCommand("pauseRecording");

    internal static Operation ResumeRecording { get; } = CallCommand("resumeRecording");

    internal static Operation TransmitDtmf { get; } = CallCommand("transmitDtmf");

    internal static Operation Push { get; } = CallCommand("push");

    internal static Operation Pickup { get; } = CallCommand("pickup");

    internal static Operation BargeIn { get; } = CallCommand("bargeIn");

    internal static Operation Pull { get; } = CallCommand("pull");

    internal static Operation Mute { get; } = CallCommand("mute", new(
        "Only a call whose details say MuteCapable can be muted or unmuted.",
        "mute", "capab"));

    internal static Operation Unmute { get; } = CallCommand("unmute", Mute._hint);

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

    // Call Controls Members (a Service App acting for one member): the same commands under members/{memberId}.
    internal static Operation MemberAnswer { get; } = MemberCommand("answer", Answer._hint);

    internal static Operation MemberDial { get; } = MemberCommand("dial");

    internal static Operation MemberHangup { get; } = MemberCommand("hangup");

    internal static Operation MemberPark { get; } = MemberCommand("park");

    internal static Operation MemberTransmitDtmf { get; } = MemberCommand("transmitDtmf");

    internal static Operation MemberWrapupReasons { get; } = MemberCommand("wrapupreasons");

    internal static Operation MemberListCalls { get; } = new("member.listCalls", isCommand: false, "GET", Members + "/calls",
        static (api, request, _, authorization, trackingId, token) => api.MemberListCallsAsync(request.MemberId!, request.OrgId, authorization, trackingId, SdkInfo.UserAgent, token), command: "listCalls");

    internal static Operation MemberGetCall { get; } = new("member.getCall", isCommand: false, "GET", Members + "/calls/{callId}",
        static (api, request, _, authorization, trackingId, token) => api.MemberGetCallAsync(request.MemberId!, request.Argument!, request.OrgId, authorization, trackingId, SdkInfo.UserAgent, token), command: "getCall");

    // Conference Controls: the user's one conference.
    internal static Operation StartConference { get; } = new("conference.start", isCommand: true, "POST", Conference,
        static (api, _, content, authorization, trackingId, token) => api.StartConferenceAsync(content!, authorization, trackingId, SdkInfo.UserAgent, token), command: "startConference");

    internal static Operation AddConferenceParticipant { get; } = ConferenceCommand("addParticipant");

    internal static Operation HoldConference { get; } = ConferenceCommand("hold");

    internal static Operation ResumeConference { get; } = ConferenceCommand("resume");

    internal static Operation MuteConference { get; } = ConferenceCommand("mute");

    internal static Operation UnmuteConference { get; } = ConferenceCommand("unmute");

    internal static Operation DeafenConference { get; } = ConferenceCommand("deafen");

    internal static Operation UndeafenConference { get; } = ConferenceCommand("undeafen");

    internal static Operation GetConference { get; } = new("conference.get", isCommand: false, "GET", Conference,
        static (api, request, _, authorization, trackingId, token) => api.GetConferenceAsync(request.Argument, authorization, trackingId, SdkInfo.UserAgent, token), command: "getConference");

    internal static Operation ReleaseConference { get; } = new("conference.release", isCommand: true, "DELETE", Conference,
        static (api, request, content, authorization, trackingId, token) => api.ReleaseConferenceAsync(request.Argument, content!, authorization, trackingId, SdkInfo.UserAgent, token), command: "releaseConference");

    /// <summary>Every line of the table, for the tests that hold it to Refit and to the resilience rules.</summary>
    internal static IReadOnlyList<Operation> All { get; } =
    [
        Transfer, Dial, Answer, Reject, Hangup, Hold, Resume, Divert, Park, Retrieve, StartRecording, StopRecording,
        PauseRecording, ResumeRecording, TransmitDtmf, Push, Pickup, BargeIn, Pull, Mute, Unmute, ListCalls, GetCall,
        GetCallHistory, CreateCallWebhook, ListCallWebhooks, GetWebhook, UpdateWebhook, DeleteWebhook,
        MemberAnswer, MemberDial, MemberHangup, MemberPark, MemberTransmitDtmf, MemberWrapupReasons, MemberListCalls, MemberGetCall,
        StartConference, AddConferenceParticipant, HoldConference, ResumeConference, MuteConference, UnmuteConference,
        DeafenConference, UndeafenConference, GetConference, ReleaseConference,
    ];

    /// <summary>The operation's name in messages and telemetry (<c>member.</c> before a member operation's).</summary>
    internal string Name { get; }

    /// <summary>Webex's name of the command (<c>hold</c>, <c>answer</c>), the same for a user and a member: what the outcome rules go by.</summary>
    internal string Command { get; }

    /// <summary>True for the Call Controls Members family (the member in the path).</summary>
    internal bool IsMember => Path.StartsWith(Members, StringComparison.Ordinal);

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
    /// An operation-specific hint for a 409, or for the 400 a user-level path answers a token that is not a user's,
    /// added to the exception message only where it can be right: for a 409, when the
    /// server gave no reason (nothing, or only the status's own reason phrase), or a reason that is the hint's own
    /// cause (not, say, "needs exactly two calls").
    /// </summary>
    internal string? HintFor(HttpStatusCode status, string? serverMessage)
        => status switch
        {
            HttpStatusCode.Conflict when _hint is { } hint && hint.Fits(serverMessage) => hint.Text,
            HttpStatusCode.BadRequest when !IsMember && serverMessage?.Contains("Target user not authorized", StringComparison.OrdinalIgnoreCase) == true => ForMemberHint,
            _ => null,
        };

    private static Operation CallCommand(string name, ConflictHint? hint = null)
        => new(name, isCommand: true, "POST", Calls + "/" + name, CallCommandRoute, hint);

    private static Operation ConferenceCommand(string command)
        => new("conference." + command, isCommand: true, "POST", Conference + "/" + command,
            static (api, request, content, authorization, trackingId, token) => api.ConferenceCommandAsync(request.Operation.Segment, content!, authorization, trackingId, SdkInfo.UserAgent, token), command: command + "Conference");

    private static Operation MemberCommand(string command, ConflictHint? hint = null)
        => new("member." + command, isCommand: true, "POST", Members + "/" + command, MemberCommandRoute, hint, command);

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
