using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace CallControl.Sdk.Benchmarks;

/// <summary>
/// Harness "coldstart": a new process that does one transfer over an in-memory handler and exits, timed whole (start
/// to exit) from outside, in paired rounds: the SDK, then the same process using raw HttpClient and source-generated
/// JSON. Each child also reports its peak working set (VmHWM). Target (issue "One straight pipeline"): the SDK's
/// median at most 1.3x the raw median.
/// </summary>
public static class ColdStartHarness
{
    public const double MaxRatio = 1.3;

    public static async Task<IEnumerable<string>> RunAsync(bool smoke)
    {
        var rounds = smoke ? 2 : 15;
        var sdk = new List<(double Ms, long PeakKb)>();
        var raw = new List<(double Ms, long PeakKb)>();
        await RunChildAsync("sdk"); // the first start of any process pays the disk cache; not counted
        await RunChildAsync("raw");
        for (var i = 0; i < rounds; i++)
        {
            sdk.Add(await RunChildAsync("sdk"));
            raw.Add(await RunChildAsync("raw"));
        }

        var sdkMs = Median(sdk.Select(s => s.Ms));
        var rawMs = Median(raw.Select(s => s.Ms));
        var pairRatios = sdk.Zip(raw, (s, r) => s.Ms / r.Ms).OrderBy(r => r).ToList();
        Console.WriteLine();
        Console.WriteLine($"Cold start: a new process, one transfer over an in-memory handler, {rounds} paired rounds (medians)");
        Console.WriteLine("| process | wall time | peak working set |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| raw HttpClient + source-generated JSON | {rawMs:0} ms | {Median(raw.Select(r => (double)r.PeakKb)) / 1024:0.0} MB |");
        Console.WriteLine($"| CallControl.Sdk TransferAsync | {sdkMs:0} ms | {Median(sdk.Select(s => (double)s.PeakKb)) / 1024:0.0} MB |");
        Console.WriteLine($"SDK ÷ raw: {sdkMs / rawMs:0.00}x (paired ratios {pairRatios[0]:0.00}–{pairRatios[^1]:0.00})");
        return !smoke && sdkMs / rawMs > MaxRatio ? [$"cold start: SDK {sdkMs / rawMs:0.00}x raw > {MaxRatio}x"] : [];
    }

    /// <summary>The child: <c>cold-start sdk|raw</c>. Prints <c>PEAK kb</c>.</summary>
    public static async Task<int> ChildAsync(string which)
    {
        var handler = new FixedAnswerHandler(HttpStatusCode.NoContent);
        var baseAddress = new Uri("https://webexapis.com/v1/");
        if (which == "sdk")
        {
            using var http = new HttpClient(handler) { BaseAddress = baseAddress };
            using var client = new CallControlClient(http, new CallControlClientOptions { AccessToken = Peers.Token });
            await client.TransferAsync(TransferRequest.Attended("call-1", "call-2"));
        }
        else
        {
            using var http = new HttpClient(handler);
            var status = await Peers.RawAsync(http, new Uri(baseAddress, "telephony/calls/transfer"), new PeerTransferBody { CallId1 = "call-1", CallId2 = "call-2" }, CancellationToken.None);
            if (status != HttpStatusCode.NoContent)
            {
                return 1;
            }
        }

        var peak = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) ?? "VmHWM: 0 kB";
        Console.WriteLine("PEAK " + peak.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return 0;
    }

    private static async Task<(double Ms, long PeakKb)> RunChildAsync(string which)
    {
        var info = SelfProcess.StartInfo("cold-start", which);
        info.RedirectStandardError = false;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var ms = watch.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The cold-start child '{which}' exited {process.ExitCode}: {output}");
        }

        var peak = output.Split('\n').Single(l => l.StartsWith("PEAK ", StringComparison.Ordinal));
        return (ms, long.Parse(peak[5..], CultureInfo.InvariantCulture));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
