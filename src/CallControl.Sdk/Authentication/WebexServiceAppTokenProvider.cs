using System.Net;
using System.Text.Json;
using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// The tokens of a Webex Service App: the first pair from <c>POST {BaseAddress}applications/{applicationId}/token</c>
/// (with <c>clientId</c>, <c>clientSecret</c> and <c>targetOrgId</c>, asked with a token that has
/// <c>spark:applications_token</c>), then refreshed at <c>{BaseAddress}access_token</c> like an integration's
/// (<see cref="WebexRefreshTokenProvider"/>: cached until shortly before expiry, one refresh for all callers, a failing
/// refresh backs off). Set it as <see cref="CallControlClientOptions.TokenProvider"/> and control members' calls with
/// <see cref="CallControlClient.ForMember"/>.
/// </summary>
public sealed class WebexServiceAppTokenProvider : CallControlTokenProvider, IDisposable
{
    private readonly WebexServiceAppTokenProviderOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly WebexRefreshTokenProvider _refresher;

    /// <summary>Creates a provider.</summary>
    /// <param name="options">The Service App's credentials; validated and copied.</param>
    /// <param name="httpClient">An optional HTTP client for the token endpoints (not disposed by the provider).</param>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names each.</exception>
    public WebexServiceAppTokenProvider(WebexServiceAppTokenProviderOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.WithTimeProvider(options.TimeProvider); // a copy: later changes to the caller's options do not leak in
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };

        // The refresher keeps the pair (in the token store) and refreshes it; it asks the applications endpoint for a
        // first pair only when the store has none, or when the store's refresh token was refused.
        _refresher = new WebexRefreshTokenProvider(
            new WebexRefreshTokenProviderOptions
            {
                ClientId = _options.ClientId,
                ClientSecret = _options.ClientSecret,
                TokenEndpoint = new Uri(_options.BaseAddress, "access_token"),
                RefreshMargin = _options.RefreshMargin,
                RequestTimeout = _options.RequestTimeout,
                TokenStore = _options.TokenStore,
                TokenStoreKey = _options.TokenStoreKey,
                TimeProvider = _options.TimeProvider,
            },
            _http,
            ObtainAsync,
            "webex-service-app:" + _options.ApplicationId + ":" + _options.TargetOrgId);
    }

    /// <inheritdoc/>
    /// <exception cref="CallControlAuthenticationException">Getting or refreshing the Service App's token failed.</exception>
    public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => _refresher.GetTokenAsync(cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="CallControlAuthenticationException">Getting or refreshing the Service App's token failed.</exception>
    public override ValueTask<string> RefreshTokenAsync(string rejectedToken, CancellationToken cancellationToken) => _refresher.RefreshTokenAsync(rejectedToken, cancellationToken);

    /// <summary>The SDK's logger, set by the DI factory (events 12, 13 and 17, without secrets).</summary>
    internal Microsoft.Extensions.Logging.ILogger? Logger
    {
        get => _refresher.Logger;
        init => _refresher.Logger = value;
    }

    /// <summary>What the health check reports (see <see cref="WebexRefreshTokenProvider.Health"/>).</summary>
    internal override (int Failures, CallControlAuthenticationException? LastFailure)? Health => _refresher.Health;

    /// <summary>True when this provider was built from the same Service App settings (a reload of other settings keeps it).</summary>
    internal bool Configured(WebexServiceAppTokenProviderOptions options)
        => options.ApplicationId == _options.ApplicationId && options.ClientId == _options.ClientId && options.ClientSecret == _options.ClientSecret
            && options.TargetOrgId == _options.TargetOrgId && options.AuthorizingToken == _options.AuthorizingToken && options.BaseAddress == _options.BaseAddress
            && ReferenceEquals(options.TokenStore, _options.TokenStore) && options.TokenStoreKey == _options.TokenStoreKey;

    /// <summary>Disposes the HttpClient the provider created itself; one it was given is left alone.</summary>
    public void Dispose()
    {
        _refresher.Dispose();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"WebexServiceAppTokenProvider ({_options})";

    /// <summary>Gets every secret this provider holds, and the tokens it handed out, for the client's redaction too.</summary>
    protected internal override IEnumerable<string?> HeldSecrets
        => [_options.ClientSecret, _options.AuthorizingToken, .. _refresher.HeldSecrets];

    /// <summary>Asks the applications endpoint for the Service App's first pair.</summary>
    private async Task<TokenAnswer> ObtainAsync(CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.RequestTimeout);
        var endpoint = new Uri(_options.BaseAddress, "applications/" + Uri.EscapeDataString(_options.ApplicationId!) + "/token");
        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("clientId", _options.ClientId);
            writer.WriteString("clientSecret", _options.ClientSecret);
            writer.WriteString("targetOrgId", _options.TargetOrgId);
            writer.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body.ToArray()) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _options.AuthorizingToken);
        request.Headers.TryAddWithoutValidation("User-Agent", SdkInfo.UserAgent);
        var sentTrackingId = SdkInfo.NewTrackingId();
        request.Headers.TryAddWithoutValidation("TrackingID", sentTrackingId);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CallControlAuthenticationException($"Getting the Service App's token failed: {endpoint.GetLeftPart(UriPartial.Path)} could not be reached ({Text.Printable(Redact(ex.Message), 200)}).", null, null, ex);
        }

        using (response)
        {
            var trackingId = ErrorMapper.ReadTrackingIdHeader(response) ?? sentTrackingId;
            byte[] answer;
            try
            {
                (answer, _) = await BoundedBody.ReadAsync(response.Content, CallControlDefaults.MaxResponseBodyBytes, budget.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new CallControlAuthenticationException($"Getting the Service App's token failed: the answer could not be read ({Text.Printable(ex.Message, 200)}).", response.StatusCode, trackingId, ex);
            }

            string? accessToken = null, refreshToken = null, reason = null;
            long expiresIn = 0;
            try
            {
                using var document = JsonDocument.Parse(answer);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    accessToken = root.TryGetProperty("access_token", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                    refreshToken = root.TryGetProperty("refresh_token", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                    expiresIn = root.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var seconds) ? seconds : 0;
                    reason = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()
                        : root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                }
            }
            catch (JsonException)
            {
                // Read below as an answer without tokens.
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                var why = response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "the authorizing token was refused (it needs the spark:applications_token scope)",
                    HttpStatusCode.NotFound => "no such application, or it is not authorized for that organization",
                    _ => "the token endpoint refused the request",
                };
                throw new CallControlAuthenticationException($"Getting the Service App's token failed ({(int)response.StatusCode}): {why}{(reason is null ? string.Empty : ": " + Text.Printable(Redact(reason), 200))}.", response.StatusCode, trackingId);
            }

            if (string.IsNullOrEmpty(accessToken) || string.IsNullOrEmpty(refreshToken) || TokenRules.Problem(accessToken) is not null)
            {
                throw new CallControlAuthenticationException("Getting the Service App's token failed: the answer has no usable access_token and refresh_token.", response.StatusCode, trackingId);
            }

            return new TokenAnswer(accessToken, expiresIn, refreshToken);
        }
    }

    private string Redact(string? text) => Redactor.Redact(text, _options.ClientSecret, _options.AuthorizingToken) ?? string.Empty;
}
