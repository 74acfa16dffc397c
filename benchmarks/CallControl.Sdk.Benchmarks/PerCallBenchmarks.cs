using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Retry;

namespace CallControl.Sdk.Benchmarks;

/// <summary>
/// Harness 1: the client-side cost of one transfer, over an in-memory transport answering 204.
/// Baseline: raw HttpClient + source-generated JSON.
/// </summary>
[MemoryDiagnoser]
public class PerCallBenchmarks
{
    private static readonly Uri BaseAddress = new("https://webexapis.com/v1/");
    private static readonly Uri TransferUri = new(BaseAddress, "telephony/calls/transfer");
    private HttpClient _raw = null!;
    private IPeerTransferApi _refit = null!;
    private IPeerTransferApi _assembled = null!;
    private ServiceProvider _assembledServices = null!;
    private CallControlClient _sdk = null!;
    private HttpClient _sdkHttp = null!;
    private TransferRequest _request = null!;
    private CallRequest _hangup = null!;
    private CallControlMemberClient _member = null!;
    private readonly PeerTransferBody _body = new() { CallId1 = "call-1", CallId2 = "call-2" };
    private ResiliencePipeline<HttpStatusCode> _machinery = null!;

    [GlobalSetup]
    public void Setup()
    {
        _raw = new HttpClient(new FixedAnswerHandler(HttpStatusCode.NoContent));
        _refit = Peers.BareRefit(new HttpClient(new FixedAnswerHandler(HttpStatusCode.NoContent)) { BaseAddress = BaseAddress });
        (_assembledServices, _assembled) = Peers.HandAssembled(() => new FixedAnswerHandler(HttpStatusCode.NoContent), BaseAddress);
        // The HttpClient the SDK builds for itself, over the in-memory transport: no HttpClient.Timeout, since the
        // operation's budget (CallControlClientOptions.Timeout) governs every attempt.
        _sdkHttp = new HttpClient(new FixedAnswerHandler(HttpStatusCode.NoContent)) { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _sdk = new CallControlClient(_sdkHttp, new CallControlClientOptions { AccessToken = Peers.Token });
        _request = TransferRequest.Attended("call-1", "call-2");
        _hangup = new CallRequest("call-1");
        _member = _sdk.ForMember("member-1", "org-1");
        _machinery = new ResiliencePipelineBuilder<HttpStatusCode>()
            .AddRetry(new RetryStrategyOptions<HttpStatusCode> { ShouldHandle = args => new ValueTask<bool>(args.Outcome.Result == HttpStatusCode.TooManyRequests), MaxRetryAttempts = 3 })
            .Build();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sdk.Dispose();
        _assembledServices.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient + STJ source gen")]
    public Task<HttpStatusCode> Raw() => Peers.RawAsync(_raw, TransferUri, _body, CancellationToken.None);

    /// <summary>
    /// Not a peer, and not judged: raw HttpClient plus the SDK's per-call machinery without Refit (a budget
    /// CancellationTokenSource armed with CancelAfter, a Polly retry pipeline with a pooled context). It estimates the
    /// floor of an SDK that built its requests by hand instead of through Refit's generated client.
    /// </summary>
    [Benchmark(Description = "raw + budget CTS + Polly retry (no Refit; not judged)")]
    public async Task<HttpStatusCode> RawWithMachinery()
    {
        using var budget = new CancellationTokenSource();
        budget.CancelAfter(TimeSpan.FromSeconds(100));
        var context = ResilienceContextPool.Shared.Get(budget.Token);
        try
        {
            var outcome = await _machinery.ExecuteOutcomeAsync(
                static async (ctx, self) => Outcome.FromResult(await Peers.RawAsync(self._raw, TransferUri, self._body, ctx.CancellationToken).ConfigureAwait(false)),
                context,
                this);
            return outcome.Result;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [Benchmark(Description = "bare Refit generated client")]
    public async Task<HttpStatusCode> BareRefit()
    {
        using var response = await _refit.TransferAsync(_body, CancellationToken.None);
        return response.StatusCode;
    }

    [Benchmark(Description = "Refit + Http.Resilience retry (hand-assembled)")]
    public async Task<HttpStatusCode> HandAssembled()
    {
        using var response = await _assembled.TransferAsync(_body, CancellationToken.None);
        return response.StatusCode;
    }

    [Benchmark(Description = "CallControl.Sdk TransferAsync")]
    public async Task<HttpStatusCode> Sdk() => (await _sdk.TransferAsync(_request)).StatusCode;

    /// <summary>A user-level command beside its member form (issue "Service Apps": a member command within 1.1x).</summary>
    [Benchmark(Description = "CallControl.Sdk HangupAsync (user)")]
    public async Task<HttpStatusCode> SdkHangup() => (await _sdk.HangupAsync(_hangup)).StatusCode;

    [Benchmark(Description = "CallControl.Sdk HangupAsync (member)")]
    public async Task<HttpStatusCode> SdkMemberHangup() => (await _member.HangupAsync(_hangup)).StatusCode;
}
