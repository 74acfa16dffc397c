using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Refit;

namespace CallControl.Sdk.Benchmarks;

/// <summary>The transfer body as a team would write it by hand.</summary>
public sealed class PeerTransferBody
{
    [JsonPropertyName("callId1")]
    public string? CallId1 { get; set; }

    [JsonPropertyName("callId2")]
    public string? CallId2 { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PeerTransferBody))]
public sealed partial class PeerJsonContext : JsonSerializerContext
{
}

/// <summary>
/// The Refit interface a team would declare, sending the request the SDK sends (and the raw peer sends): the token,
/// Accept, a User-Agent and a fresh TrackingID, the header Webex support asks for.
/// </summary>
[Headers("Accept: application/json")]
public interface IPeerTransferApi
{
    [Post("/telephony/calls/transfer")]
    Task<HttpResponseMessage> TransferAsync(
        [Body] PeerTransferBody body,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);
}

/// <summary>An in-memory transport answering every request with a fixed status: no sockets, so only client-side cost is measured.</summary>
public sealed class FixedAnswerHandler(HttpStatusCode status) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request });
}

/// <summary>The ways of posting a transfer that the SDK is compared with.</summary>
public static class Peers
{
    public const string Token = "benchmark-token";
    private static long _counter;

    /// <summary>The cheapest unique id a careful hand-written client would use (Guid.NewGuid costs 1.7 µs here).</summary>
    public static string NextTrackingId() => "MyApp_" + Interlocked.Increment(ref _counter).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The floor: raw HttpClient + System.Text.Json source generation.</summary>
    public static async Task<HttpStatusCode> RawAsync(HttpClient http, Uri uri, PeerTransferBody body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, PeerJsonContext.Default.PeerTransferBody)),
        };
        request.Content.Headers.ContentType = new("application/json");
        // The same request the SDK sends: auth, Accept, a User-Agent and a fresh TrackingID.
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Token);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", "MyApp/1.0");
        request.Headers.TryAddWithoutValidation("TrackingID", NextTrackingId());
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>One transfer through a peer's Refit client, with the headers the raw peer and the SDK send.</summary>
    public static Task<HttpResponseMessage> TransferAsync(this IPeerTransferApi api, PeerTransferBody body, CancellationToken cancellationToken)
        => api.TransferAsync(body, "Bearer " + Token, NextTrackingId(), "MyApp/1.0", cancellationToken);

    public static IPeerTransferApi BareRefit(HttpClient http)
        => RestService.ForGenerated<IPeerTransferApi>(http, RefitSettings.ForJsonContext(PeerJsonContext.Default));

    /// <summary>What a team would assemble: Refit over IHttpClientFactory with Microsoft.Extensions.Http.Resilience's retry honouring Retry-After.</summary>
    public static (ServiceProvider Services, IPeerTransferApi Api) HandAssembled(Func<HttpMessageHandler> primary, Uri baseAddress, int maxRetries = 3)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("peer", c => c.BaseAddress = baseAddress)
            .ConfigurePrimaryHttpMessageHandler(primary)
            .AddResilienceHandler("retry", b => b.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = maxRetries,
                ShouldRetryAfterHeader = true,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
            }));
        var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("peer");
        return (provider, BareRefit(http));
    }
}
