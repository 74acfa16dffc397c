using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using CallControl.Sdk.Testing;
using Microsoft.Extensions.Configuration;

namespace CallControl.Sdk.Sandbox;

/// <summary>
/// <c>callcontrol-sandbox</c>: runs a <see cref="CallControlSandbox"/> as a server with its control surface
/// (<c>/_sandbox</c>) and a jumpable clock, until Ctrl+C or SIGTERM. Settings come from the command line, else
/// environment variables (<c>CALLCONTROL_SANDBOX_PORT</c>, …), else a JSON file (<c>--config</c>, keys as the long
/// options without dashes in PascalCase), else the defaults. docs/sandbox.md.
/// </summary>
internal static class SandboxTool
{
    internal const int DefaultPort = 5080;

    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken, Action<CallControlSandbox>? started = null)
    {
        var config = new Option<FileInfo?>("--config") { Description = "A JSON file of settings (Port, ListenAny, RateLimit, Burst, TokenLifetime, SeedCalls, AccessToken, ClientId, ClientSecret, RefreshToken)." };
        var port = new Option<int?>("--port") { Description = $"The port to listen on; 0 picks a free one (default {DefaultPort})." };
        var listenAny = new Option<bool?>("--listen-any") { Description = "Listen on every interface (0.0.0.0), for containers; the default is loopback only. Anyone who reaches the port can inject faults." };
        var rateLimit = new Option<double?>("--rate-limit") { Description = "Requests per second before 429 with Retry-After (default 0: off)." };
        var burst = new Option<int?>("--burst") { Description = "The rate limit's burst (default 1)." };
        var tokenLifetime = new Option<string?>("--token-lifetime") { Description = "How long issued access tokens live, hh:mm:ss (default 01:00:00)." };
        var seedCalls = new Option<int?>("--seed-calls") { Description = "Connected calls to start with (default 0)." };
        var accessToken = new Option<string?>("--access-token") { Description = "The fixed access token accepted (default sandbox-token)." };
        var clientId = new Option<string?>("--client-id") { Description = "The integration's client id for the token endpoint (default sandbox-client-id)." };
        var clientSecret = new Option<string?>("--client-secret") { Description = "The integration's client secret (default sandbox-client-secret)." };
        var refreshToken = new Option<string?>("--refresh-token") { Description = "The first refresh token accepted; it rotates on each refresh (default sandbox-refresh-token)." };
        var root = new RootCommand("A stateful Webex Call Control sandbox server (CallControl.Sdk.Testing) with an HTTP control surface under /_sandbox. Stops on Ctrl+C or SIGTERM.")
        {
            config, port, listenAny, rateLimit, burst, tokenLifetime, seedCalls, accessToken, clientId, clientSecret, refreshToken,
        };

        var exitCode = 0;
        root.SetAction(async (parse, token) =>
        {
            var settings = new ConfigurationBuilder();
            if (parse.GetValue(config) is { } file)
            {
                if (!file.Exists)
                {
                    await error.WriteLineAsync($"callcontrol-sandbox: the settings file {file.FullName} does not exist.").ConfigureAwait(false);
                    exitCode = 2;
                    return;
                }

                settings.AddJsonFile(file.FullName, optional: false);
            }

            var values = settings.AddEnvironmentVariables("CALLCONTROL_SANDBOX_").Build();
            string? Setting(string key, string? fromCommandLine) => fromCommandLine ?? values[key] ?? values[key.ToUpperInvariant()];
            var problems = new List<string>();
            var options = new CallControlSandboxOptions
            {
                Port = ReadInt(Setting("Port", parse.GetValue(port)?.ToString(CultureInfo.InvariantCulture)), "port", DefaultPort, problems),
                ListenAddress = bool.TryParse(Setting("ListenAny", parse.GetValue(listenAny)?.ToString()), out var any) && any ? IPAddress.Any : IPAddress.Loopback,
                TimeProvider = new SandboxClock(),
                EnableControlApi = true,
            };
            if (Setting("TokenLifetime", parse.GetValue(tokenLifetime)) is { } lifetime)
            {
                if (TimeSpan.TryParse(lifetime, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
                {
                    options.AccessTokenLifetime = span;
                }
                else
                {
                    problems.Add($"--token-lifetime '{lifetime}' is not a positive time span (hh:mm:ss).");
                }
            }

            options.AccessToken = Setting("AccessToken", parse.GetValue(accessToken)) ?? options.AccessToken;
            options.ClientId = Setting("ClientId", parse.GetValue(clientId)) ?? options.ClientId;
            options.ClientSecret = Setting("ClientSecret", parse.GetValue(clientSecret)) ?? options.ClientSecret;
            options.RefreshToken = Setting("RefreshToken", parse.GetValue(refreshToken)) ?? options.RefreshToken;
            var rate = Setting("RateLimit", parse.GetValue(rateLimit)?.ToString(CultureInfo.InvariantCulture)) is { } r
                ? double.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var perSecond) && perSecond >= 0 ? perSecond : Problem(problems, $"--rate-limit '{r}' is not a number of requests per second (0 or more).")
                : 0;
            var bucket = ReadInt(Setting("Burst", parse.GetValue(burst)?.ToString(CultureInfo.InvariantCulture)), "burst", 1, problems);
            var seeded = ReadInt(Setting("SeedCalls", parse.GetValue(seedCalls)?.ToString(CultureInfo.InvariantCulture)), "seed-calls", 0, problems);
            if (options.Port is < 0 or > 65535 || bucket < 1 || seeded < 0)
            {
                problems.Add("--port must be 0-65535, --burst at least 1 and --seed-calls not negative.");
            }

            if (problems.Count > 0)
            {
                await error.WriteLineAsync("callcontrol-sandbox: " + string.Join(" ", problems)).ConfigureAwait(false);
                exitCode = 2;
                return;
            }

            var sandbox = await CallControlSandbox.StartAsync(options, token).ConfigureAwait(false);
            await using var stopSandbox = sandbox.ConfigureAwait(false);
            sandbox.SetRateLimit(rate, bucket);
            for (var i = 0; i < seeded; i++)
            {
                sandbox.AddConnectedCall("+1408555" + (100 + i).ToString("0000", CultureInfo.InvariantCulture));
            }

            var origin = sandbox.BaseAddress.GetLeftPart(UriPartial.Authority);
            await output.WriteLineAsync($"callcontrol-sandbox: Call Control at {sandbox.BaseAddress} (token '{options.AccessToken}'), control at {origin}/_sandbox. Ctrl+C stops it.").ConfigureAwait(false);
            await output.FlushAsync(token).ConfigureAwait(false);
            started?.Invoke(sandbox);
            try
            {
                await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync("callcontrol-sandbox: stopped.").ConfigureAwait(false);
            }
        });

        var parsed = root.Parse(args);
        var code = await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
        return code != 0 ? code : exitCode;
    }

    private static int ReadInt(string? raw, string name, int fallback, List<string> problems)
    {
        if (raw is null)
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add($"--{name} '{raw}' is not a whole number.");
        return fallback;
    }

    private static double Problem(List<string> problems, string message)
    {
        problems.Add(message);
        return 0;
    }
}

/// <summary>The tool's entry point: stops on Ctrl+C or SIGTERM (a container's stop).</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        return await SandboxTool.RunAsync(args, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
    }
}
