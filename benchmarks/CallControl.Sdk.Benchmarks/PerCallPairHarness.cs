using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace CallControl.Sdk.Benchmarks;

/// <summary>
/// Harness "percall-pair": bare Refit and the SDK's transfer in one process, in alternating rounds, so a noisy machine's
/// drift hits both alike. Each round times a batch of each; the ratio of the second-best rounds is reported with the
/// bytes per call. Not the judged figure (that is <c>percall</c>, BenchmarkDotNet); a steadier signal for regressions.
/// </summary>
public static class PerCallPairHarness
{
    public static async Task<IEnumerable<string>> RunAsync(bool smoke)
    {
        var (rounds, batch) = smoke ? (2, 1_000) : (25, 50_000);
        var baseAddress = new Uri("https://webexapis.com/v1/");
        var refit = Peers.BareRefit(new HttpClient(new FixedAnswerHandler(HttpStatusCode.NoContent)) { BaseAddress = baseAddress });
        var body = new PeerTransferBody { CallId1 = "call-1", CallId2 = "call-2" };

        // As in percall: the HttpClient the SDK builds for itself (no Timeout: the budget governs), over the same handler.
        using var sdkHttp = new HttpClient(new FixedAnswerHandler(HttpStatusCode.NoContent)) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var sdk = new CallControlClient(sdkHttp, new CallControlClientOptions { AccessToken = Peers.Token });
        var request = TransferRequest.Attended("call-1", "call-2");

        async Task<(double Ns, double Bytes)> TimeAsync(Func<Task> call)
        {
            var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < batch; i++)
            {
                await call();
            }

            return (watch.Elapsed.TotalNanoseconds / batch, (GC.GetAllocatedBytesForCurrentThread() - bytesBefore) / (double)batch);
        }

        async Task RefitCall()
        {
            using var response = await refit.TransferAsync(body, CancellationToken.None);
        }

        Task SdkCall() => sdk.TransferAsync(request);

        await TimeAsync(RefitCall); // warm-up: tiering and the first use of everything
        await TimeAsync(SdkCall);
        var refitRounds = new List<(double Ns, double Bytes)>();
        var sdkRounds = new List<(double Ns, double Bytes)>();
        for (var round = 0; round < rounds; round++)
        {
            refitRounds.Add(await TimeAsync(RefitCall));
            sdkRounds.Add(await TimeAsync(SdkCall));
        }

        var refitNs = refitRounds.Select(r => r.Ns).Order().ElementAt(1);
        var sdkNs = sdkRounds.Select(r => r.Ns).Order().ElementAt(1);
        var refitBytes = refitRounds[^1].Bytes;
        var sdkBytes = sdkRounds[^1].Bytes;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Per call, interleaved in one process ({rounds} rounds of {batch:N0} calls each, second-best round):"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare Refit {refitNs:0} ns, {refitBytes:0} B; CallControl.Sdk TransferAsync {sdkNs:0} ns, {sdkBytes:0} B: {sdkNs / refitNs:0.00}x time, {sdkBytes / refitBytes:0.00}x bytes"));
        return [];
    }
}
