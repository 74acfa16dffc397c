using System.CommandLine;
using CallControl.Sdk;

namespace CallControl.Demo;

/// <summary>
/// The command line for real use against Webex (or any base URL): <c>transfer attended|mute|auto</c>,
/// <c>calls list</c>, <c>calls get</c>, <c>dial</c>, <c>divert</c>, <c>hangup</c>, <c>hold</c> and <c>resume</c>.
/// Exit codes: 0 success, 2 invalid arguments or request rejected client-side, 3 API error, 4 outcome unknown,
/// 5 Webex could not be reached (nothing was sent), 130 cancelled (Ctrl+C) before anything was carried out.
/// </summary>
public static class DemoCli
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Invalid arguments, or a request the SDK rejected before sending.</summary>
    public const int InvalidArguments = 2;

    /// <summary>Webex answered with an error, or the request failed with a known outcome.</summary>
    public const int ApiError = 3;

    /// <summary>The command may or may not have been carried out (500/502/504, timeout, dropped connection, Ctrl+C while it was on the wire).</summary>
    public const int OutcomeUnknown = 4;

    /// <summary>Webex could not be reached (connection refused, DNS failure, TLS handshake): nothing was sent.</summary>
    public const int Unreachable = 5;

    /// <summary>Cancelled (Ctrl+C) before anything was carried out: 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = 130;

    /// <summary>
    /// Retries of failures that prove nothing was sent (connection refused, DNS) end within about 2 s on the command
    /// line, where a person waits for the answer: 0.2, 0.4 and 0.8 s (plus jitter) instead of the SDK's 1, 2 and 4 s.
    /// </summary>
    private static readonly TimeSpan CliBaseBackoff = TimeSpan.FromMilliseconds(200);

    /// <summary>Parses and runs a command.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var token = new Option<string?>("--token") { Description = "Webex access token (default: the WEBEX_ACCESS_TOKEN environment variable)." };
        var baseUrl = new Option<string?>("--base-url") { Description = "API base URL (default: WEBEX_API_BASE_URL, else https://webexapis.com/v1/)." };
        var trackingId = new Option<string?>("--tracking-id") { Description = "TrackingID header to send instead of a generated one." };
        var call1 = new Option<string>("--call1") { Description = "The first call id (the one being transferred).", Required = true };
        var call2 = new Option<string>("--call2") { Description = "The second call id.", Required = true };
        var to = new Option<string>("--to") { Description = "Destination: digits, +E.164, tel:, sip:, user@domain or *73.", Required = true };
        Option<string> CallOption() => new("--call") { Description = "The call id (from 'calls list').", Required = true };

        var attended = new Command("attended", "Attended (consultative) transfer: join two existing calls.") { call1, call2 };
        var mute = new Command("mute", "Mute transfer: move a call to a destination once it answers.") { new Option<string>("--call1") { Description = call1.Description, Required = true }, to };
        var auto = new Command("auto", "Automatic transfer: the user's only two calls are joined.");
        var transfer = new Command("transfer", "Transfer calls with Webex Call Control.") { attended, mute, auto };

        var list = new Command("list", "List the user's active calls (id, state, personality, remote party).");
        var callIdArgument = new Argument<string>("callId") { Description = "The call id." };
        var get = new Command("get", "Show one call's details.") { callIdArgument };
        var calls = new Command("calls", "Read the user's calls.") { list, get };

        var dial = new Command("dial", "Place a call: the user's devices ring, then the destination is called.") { new Option<string>("--to") { Description = to.Description, Required = true } };
        var divertTo = new Option<string?>("--to") { Description = "Where to divert: digits, +E.164, tel:, sip:, user@domain or *73; with --voicemail, whose voicemail." };
        var voicemail = new Option<bool>("--voicemail") { Description = "Divert to voicemail (the user's own unless --to names another user)." };
        var divert = new Command("divert", "Divert a call (also an unanswered incoming one) to a destination or voicemail.") { CallOption(), divertTo, voicemail };
        var hangup = new Command("hangup", "Hang up a call.") { CallOption() };
        var hold = new Command("hold", "Hold a connected call.") { CallOption() };
        var resume = new Command("resume", "Resume a held call.") { CallOption() };

        var trackable = new[] { attended, mute, auto, dial, divert, hangup, hold, resume };
        foreach (var command in trackable.Concat([list, get]))
        {
            command.Options.Add(token);
            command.Options.Add(baseUrl);
        }

        foreach (var command in trackable)
        {
            command.Options.Add(trackingId);
        }

        var root = new RootCommand("CallControl.Sdk demo. Without arguments it tours the embedded sandbox; with a command it talks to Webex.\nExit codes: 0 ok, 2 invalid arguments or request rejected client-side, 3 API error, 4 outcome unknown, 5 Webex unreachable (nothing sent), 130 cancelled.")
        {
            transfer,
            calls,
            dial,
            divert,
            hangup,
            hold,
            resume,
        };

        attended.SetAction((parse, ct) => Execute(parse, (client, id, t) => Transfer(client, Tracked(TransferRequest.Attended(parse.GetRequiredValue(call1), parse.GetRequiredValue(call2)), id), t), ct));
        mute.SetAction((parse, ct) => Execute(parse, (client, id, t) => Transfer(client, Tracked(TransferRequest.Mute(parse.GetRequiredValue<string>("--call1"), parse.GetRequiredValue(to)), id), t), ct));
        auto.SetAction((parse, ct) => Execute(parse, (client, id, t) => Transfer(client, Tracked(TransferRequest.Automatic(), id), t), ct));
        list.SetAction((parse, ct) => Execute(parse, ListCalls, ct));
        get.SetAction((parse, ct) => Execute(parse, async (client, _, t) => Describe(await client.GetCallAsync(parse.GetRequiredValue(callIdArgument), t)), ct));
        dial.SetAction((parse, ct) => Execute(parse, async (client, id, t) =>
        {
            var request = new DialRequest(parse.GetRequiredValue<string>("--to"));
            var dialed = await client.DialAsync(id is null ? request : request.WithTrackingId(id), t);
            return $"Dialed: {(int)dialed.StatusCode} {dialed.StatusCode}, new callId {dialed.CallId}, callSessionId {dialed.CallSessionId}, TrackingID {dialed.TrackingId}";
        }, ct));
        divert.SetAction((parse, ct) => Execute(parse, async (client, id, t) =>
        {
            var callId = parse.GetRequiredValue<string>("--call");
            var destination = parse.GetValue(divertTo);
            var request = (parse.GetValue(voicemail), destination) switch
            {
                (true, null) => DivertRequest.ToOwnVoicemail(callId),
                (true, { } d) => DivertRequest.ToVoicemailOf(callId, d),
                (false, var d) => DivertRequest.ToDestination(callId, d!),
            };
            return Done("Divert", await client.DivertAsync(id is null ? request : request.WithTrackingId(id), t));
        }, ct));
        hangup.SetAction((parse, ct) => Execute(parse, async (client, id, t) => Done("Hangup", await client.HangupAsync(CallRequest(parse, id), t)), ct));
        hold.SetAction((parse, ct) => Execute(parse, async (client, id, t) => Done("Hold", await client.HoldAsync(CallRequest(parse, id), t)), ct));
        resume.SetAction((parse, ct) => Execute(parse, async (client, id, t) => Done("Resume", await client.ResumeAsync(CallRequest(parse, id), t)), ct));

        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var parseError in result.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync("Run with --help for usage.");
            return InvalidArguments;
        }

        return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);

        async Task<int> Execute(ParseResult parse, Func<CallControlClient, string?, CancellationToken, Task<string>> run, CancellationToken ct)
        {
            var accessToken = parse.GetValue(token) ?? Environment.GetEnvironmentVariable("WEBEX_ACCESS_TOKEN");
            var url = parse.GetValue(baseUrl) ?? Environment.GetEnvironmentVariable("WEBEX_API_BASE_URL");
            if (string.IsNullOrWhiteSpace(accessToken))
            {
                await error.WriteLineAsync("No access token: pass --token or set WEBEX_ACCESS_TOKEN.");
                return InvalidArguments;
            }

            Uri? baseAddress = null;
            if (!string.IsNullOrWhiteSpace(url) && !Uri.TryCreate(url, UriKind.Absolute, out baseAddress))
            {
                await error.WriteLineAsync($"--base-url '{url}' is not an absolute URL.");
                return InvalidArguments;
            }

            try
            {
                var options = new CallControlClientOptions { AccessToken = accessToken, Retry = { BaseBackoff = CliBaseBackoff, MaxBackoff = TimeSpan.FromSeconds(1) } };
                if (baseAddress is not null)
                {
                    options.BaseAddress = baseAddress;
                }

                using var client = new CallControlClient(options);
                var tracking = parse.GetResult(trackingId) is null ? null : parse.GetValue(trackingId);
                await output.WriteLineAsync(await run(client, tracking, ct));
                return Ok;
            }
            catch (ArgumentException ex)
            {
                // A request validation exception, or invalid client options (such as http to a remote host).
                await error.WriteLineAsync(ex.Message);
                return InvalidArguments;
            }
            catch (Exception ex) when (ex is ICallControlFailure { OutcomeUnknown: true })
            {
                var when = ex is OperationCanceledException ? "cancelled after the request was sent; " : string.Empty;
                await error.WriteLineAsync($"OUTCOME UNKNOWN ({when}check the calls before retrying): " + ex.Message);
                return OutcomeUnknown;
            }
            catch (OperationCanceledException ex) when (ct.IsCancellationRequested)
            {
                await error.WriteLineAsync("Cancelled; nothing was carried out. " + ex.Message);
                return Cancelled;
            }
            catch (CallControlException ex) when (ex.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError })
            {
                await error.WriteLineAsync("WEBEX UNREACHABLE (nothing was sent): " + ex.Message);
                return Unreachable;
            }
            catch (CallControlException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return ApiError;
            }
        }
    }

    private static TransferRequest Tracked(TransferRequest request, string? trackingId)
        => trackingId is null ? request : request.WithTrackingId(trackingId);

    private static CallRequest CallRequest(ParseResult parse, string? trackingId)
    {
        var request = new CallRequest(parse.GetRequiredValue<string>("--call"));
        return trackingId is null ? request : request.WithTrackingId(trackingId);
    }

    private static async Task<string> Transfer(CallControlClient client, TransferRequest request, CancellationToken cancellationToken)
    {
        var transferred = await client.TransferAsync(request, cancellationToken);
        return $"{transferred.Kind} transfer done: {(int)transferred.StatusCode} {transferred.StatusCode}" +
            (transferred.CallId is null ? string.Empty : $", new callId {transferred.CallId}, callSessionId {transferred.CallSessionId}") +
            $", TrackingID {transferred.TrackingId}";
    }

    private static async Task<string> ListCalls(CallControlClient client, string? trackingId, CancellationToken cancellationToken)
    {
        var calls = await client.ListCallsAsync(cancellationToken);
        return calls.Count == 0
            ? "No active calls."
            : string.Join(Environment.NewLine, calls.Select(c => $"{c.Id}  {c.State,-12} {c.Personality,-11} {c.RemoteParty}"));
    }

    private static string Describe(CallDetails call)
        => $"id {call.Id}{Environment.NewLine}" +
           $"  state {call.State}, personality {call.Personality}, remote party {call.RemoteParty} ({call.RemoteParty?.CallType})" + Environment.NewLine +
           $"  created {call.Created:u}, muted {call.Muted} (capable {call.MuteCapable}), recording {call.RecordingState?.ToString() ?? "none"}, session {call.CallSessionId}";

    private static string Done(string what, CallCommandResult result) => $"{what} done: {(int)result.StatusCode} {result.StatusCode}, TrackingID {result.TrackingId}";
}
