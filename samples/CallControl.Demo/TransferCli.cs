using System.CommandLine;
using CallControl.Sdk;

namespace CallControl.Demo;

/// <summary>
/// The command line for real use: <c>transfer attended|mute|auto</c> against Webex (or any base URL).
/// Exit codes: 0 success, 2 invalid arguments or request rejected client-side, 3 API error, 4 outcome unknown.
/// </summary>
public static class TransferCli
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Invalid arguments, or a request the SDK rejected before sending.</summary>
    public const int InvalidArguments = 2;

    /// <summary>Webex answered with an error, or the request failed with a known outcome.</summary>
    public const int ApiError = 3;

    /// <summary>The transfer may or may not have happened (500/502/504, timeout, dropped connection).</summary>
    public const int OutcomeUnknown = 4;

    /// <summary>Parses and runs a command.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var token = new Option<string?>("--token") { Description = "Webex access token (default: the WEBEX_ACCESS_TOKEN environment variable)." };
        var baseUrl = new Option<string?>("--base-url") { Description = "API base URL (default: WEBEX_API_BASE_URL, else https://webexapis.com/v1/)." };
        var trackingId = new Option<string?>("--tracking-id") { Description = "TrackingID header to send instead of a generated one." };
        var call1 = new Option<string>("--call1") { Description = "The first call id (the one being transferred).", Required = true };
        var call2 = new Option<string>("--call2") { Description = "The second call id.", Required = true };
        var to = new Option<string>("--to") { Description = "Destination: digits, +E.164, tel:, sip: or user@domain.", Required = true };

        var attended = new Command("attended", "Attended (consultative) transfer: join two existing calls.") { call1, call2 };
        var mute = new Command("mute", "Mute transfer: move a call to a destination once it answers.") { new Option<string>("--call1") { Description = call1.Description, Required = true }, to };
        var auto = new Command("auto", "Automatic transfer: the user's only two calls are joined.");
        var transfer = new Command("transfer", "Transfer calls with Webex Call Control.") { attended, mute, auto };
        foreach (var command in new[] { attended, mute, auto })
        {
            command.Options.Add(token);
            command.Options.Add(baseUrl);
            command.Options.Add(trackingId);
        }

        var root = new RootCommand("CallControl.Sdk demo. Without arguments it tours the embedded sandbox; with a command it talks to Webex.\nExit codes: 0 ok, 2 invalid arguments or request rejected client-side, 3 API error, 4 outcome unknown.")
        {
            transfer,
        };

        attended.SetAction((parse, ct) => Execute(parse, () => TransferRequest.Attended(parse.GetRequiredValue(call1), parse.GetRequiredValue(call2)), ct));
        mute.SetAction((parse, ct) => Execute(parse, () => TransferRequest.Mute(parse.GetRequiredValue<string>("--call1"), parse.GetRequiredValue(to)), ct));
        auto.SetAction((parse, ct) => Execute(parse, () => TransferRequest.Automatic(), ct));

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

        async Task<int> Execute(ParseResult parse, Func<TransferRequest> build, CancellationToken ct)
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
                var request = build();
                if (parse.GetValue(trackingId) is { } id)
                {
                    request = request.WithTrackingId(id);
                }

                var options = new CallControlClientOptions { AccessToken = accessToken };
                if (baseAddress is not null)
                {
                    options.BaseAddress = baseAddress;
                }

                using var client = new CallControlClient(options);
                var transferred = await client.TransferAsync(request, ct);
                await output.WriteLineAsync($"{transferred.Kind} transfer done: {(int)transferred.StatusCode} {transferred.StatusCode}" +
                    (transferred.CallId is null ? string.Empty : $", new callId {transferred.CallId}, callSessionId {transferred.CallSessionId}") +
                    $", TrackingID {transferred.TrackingId}");
                return Ok;
            }
            catch (ArgumentException ex)
            {
                // TransferRequestValidationException, or invalid client options (such as http to a remote host).
                await error.WriteLineAsync(ex.Message);
                return InvalidArguments;
            }
            catch (CallControlException ex) when (ex.OutcomeUnknown)
            {
                await error.WriteLineAsync("OUTCOME UNKNOWN (check the calls before retrying): " + ex.Message);
                return OutcomeUnknown;
            }
            catch (CallControlException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return ApiError;
            }
        }
    }
}
