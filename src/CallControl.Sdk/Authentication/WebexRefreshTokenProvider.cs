using System.Net;
using System.Text.Json;
using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// Access tokens for a Webex integration: refreshed with the OAuth refresh token (<c>grant_type=refresh_token</c>),
/// cached until shortly before they expire, and refreshed single-flight (any number of concurrent callers cause one
/// refresh request).
/// </summary>
public sealed class WebexRefreshTokenProvider : CallControlTokenProvider, IDisposable
{
    private readonly WebexRefreshTokenProviderOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly object _gate = new();
    private string? _accessToken;
    private DateTimeOffset _refreshAt;
    private string _refreshToken;
    private Task<string>? _inFlight;
    private int _failures;
    private DateTimeOffset _retryAt;
    private CallControlAuthenticationException? _lastFailure;

    /// <summary>The wait after the first failed refresh; it doubles with each further failure.</summary>
    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between refresh attempts while they keep failing.</summary>
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    /// <summary>Creates a provider.</summary>
    /// <param name="options">The integration's credentials; validated and copied.</param>
    /// <param name="httpClient">An optional HTTP client for the token endpoint (not disposed by the provider).</param>
    /// <exception cref="ArgumentException">A required setting is missing.</exception>
    public WebexRefreshTokenProvider(WebexRefreshTokenProviderOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.WithTimeProvider(options.TimeProvider); // a copy: later changes to the caller's options do not leak in
        _refreshToken = options.RefreshToken!;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>How many refresh requests were sent.</summary>
    internal int RefreshCount { get; private set; }

    /// <inheritdoc/>
    /// <exception cref="CallControlAuthenticationException">The refresh failed.</exception>
    public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_accessToken is not null && _options.TimeProvider.GetUtcNow() < _refreshAt)
            {
                return new ValueTask<string>(_accessToken);
            }

            return new ValueTask<string>(JoinRefresh().WaitAsync(cancellationToken));
        }
    }

    /// <inheritdoc/>
    /// <exception cref="CallControlAuthenticationException">The refresh failed.</exception>
    public override ValueTask<string> RefreshTokenAsync(string rejectedToken, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_accessToken is not null && _accessToken != rejectedToken && _options.TimeProvider.GetUtcNow() < _refreshAt)
            {
                return new ValueTask<string>(_accessToken); // someone refreshed since that token was handed out
            }

            if (_accessToken == rejectedToken)
            {
                _accessToken = null;
            }

            return new ValueTask<string>(JoinRefresh().WaitAsync(cancellationToken));
        }
    }

    /// <inheritdoc/>
    /// <summary>The SDK's logger, set by the DI factory; the refresh is logged without secrets (events 12 and 13).</summary>
    internal Microsoft.Extensions.Logging.ILogger? Logger { get; init; }

    /// <summary>True when this provider was built from the same integration settings (a reload of other settings keeps it).</summary>
    internal bool Configured(WebexRefreshTokenProviderOptions options)
        => options.ClientId == _options.ClientId && options.ClientSecret == _options.ClientSecret && options.RefreshToken == _options.RefreshToken
            && options.TokenEndpoint == _options.TokenEndpoint && options.RefreshMargin == _options.RefreshMargin && options.RequestTimeout == _options.RequestTimeout;

    /// <summary>Disposes the HttpClient the provider created itself; one it was given is left alone.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"WebexRefreshTokenProvider ({_options})";

    // Called under _gate: every caller joins the one refresh in flight; after a failure, calls fail at once until the
    // next attempt is due, so a credential that cannot refresh does not post to the token endpoint on every call.
    private Task<string> JoinRefresh()
    {
        if (_inFlight is { IsCompleted: false } running)
        {
            return running;
        }

        if (_lastFailure is { } last && _options.TimeProvider.GetUtcNow() < _retryAt)
        {
            var wait = _retryAt - _options.TimeProvider.GetUtcNow();
            return Task.FromException<string>(new CallControlAuthenticationException(
                $"Refreshing the Webex access token failed {_failures} time(s) in a row; the next attempt is in {wait.TotalSeconds:0.#} s ({_retryAt:O}), and calls fail at once until then. Last failure: {last.Message}",
                last.StatusCode,
                last.TrackingId,
                last));
        }

        var refresh = RefreshCoreAsync();
        _inFlight = refresh;
        return refresh;
    }

    private async Task<string> RefreshCoreAsync()
    {
        try
        {
            var token = await SendRefreshAsync().ConfigureAwait(false);
            lock (_gate)
            {
                (_failures, _lastFailure) = (0, null);
            }

            return token;
        }
        catch (CallControlAuthenticationException ex)
        {
            lock (_gate)
            {
                _failures++;
                var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Min(_failures - 1, 20)));
                (_retryAt, _lastFailure) = (_options.TimeProvider.GetUtcNow() + delay, ex);
            }

            throw;
        }
    }

    private async Task<string> SendRefreshAsync()
    {
        await Task.Yield(); // leave the lock before any I/O
        using var budget = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider);
        string? refreshToken;
        lock (_gate)
        {
            refreshToken = _refreshToken;
            RefreshCount++;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _options.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "refresh_token"),
                new("client_id", _options.ClientId!),
                new("client_secret", _options.ClientSecret!),
                new("refresh_token", refreshToken),
            ]),
        };
        var sentTrackingId = SdkInfo.NewTrackingId();
        request.Headers.TryAddWithoutValidation("TrackingID", sentTrackingId);
        var endpoint = _options.TokenEndpoint.GetLeftPart(UriPartial.Path);
        request.Headers.TryAddWithoutValidation("User-Agent", SdkInfo.UserAgent);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            LogFailure(endpoint, ex.GetType().Name, sentTrackingId);
            throw new CallControlAuthenticationException($"Refreshing the Webex access token failed: the token endpoint could not be reached ({Text.Printable(Redact(ex.Message), 200)}).", null, null, ex);
        }

        using (response)
        {
            var trackingId = ErrorMapper.ReadTrackingIdHeader(response) ?? sentTrackingId;
            byte[] body;
            try
            {
                (body, _) = await BoundedBody.ReadAsync(response.Content, CallControlDefaults.MaxResponseBodyBytes, budget.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                throw new CallControlAuthenticationException($"Refreshing the Webex access token failed: the answer could not be read ({Text.Printable(ex.Message, 200)}).", response.StatusCode, trackingId, ex);
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                LogFailure(endpoint, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), trackingId);
                throw new CallControlAuthenticationException(
                    $"Refreshing the Webex access token failed with {(int)response.StatusCode} {Text.Printable(Redact(response.ReasonPhrase), 60)}{Text.Printable(Redact(Describe(body)), 202).TrimEnd().TrimEnd('.')}. Check the integration's client id, secret and refresh token. TrackingID: {trackingId}.",
                    response.StatusCode,
                    trackingId);
            }

            string accessToken;
            long expiresIn;
            string? newRefreshToken;
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                accessToken = root.GetProperty("access_token").GetString() ?? throw new JsonException("access_token is null");
                expiresIn = root.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var seconds) ? seconds : 3600;
                newRefreshToken = root.TryGetProperty("refresh_token", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new CallControlAuthenticationException("Refreshing the Webex access token failed: the token endpoint's answer has no usable access_token.", response.StatusCode, trackingId);
            }

            if (TokenRules.Problem(accessToken) is { } problem)
            {
                throw new CallControlAuthenticationException($"Refreshing the Webex access token failed: the token endpoint returned an access_token that {problem}.", response.StatusCode, trackingId);
            }

            if (Logger is { } logger)
            {
                Log.TokenRefreshed(logger, endpoint, (int)response.StatusCode, trackingId);
            }

            Keep(accessToken, expiresIn, newRefreshToken);

            return accessToken;
        }
    }

    /// <summary>Starts from an access token obtained elsewhere (a Service App's first pair), so the first call does not refresh.</summary>
    internal void Seed(string accessToken, long expiresIn) => Keep(accessToken, expiresIn, null);

    private void Keep(string accessToken, long expiresIn, string? newRefreshToken)
    {
        lock (_gate)
        {
            _accessToken = accessToken;
            var lifetime = TimeSpan.FromSeconds(Math.Clamp(expiresIn, 1, 365L * 24 * 3600));
            var margin = _options.RefreshMargin < lifetime ? _options.RefreshMargin : lifetime / 2;
            _refreshAt = _options.TimeProvider.GetUtcNow() + lifetime - margin;
            if (!string.IsNullOrWhiteSpace(newRefreshToken))
            {
                _refreshToken = newRefreshToken;
            }
        }
    }

    /// <summary>Gets every secret this provider holds, and the access token it handed out, for the client's redaction too.</summary>
    protected internal override IEnumerable<string?> HeldSecrets
    {
        get
        {
            lock (_gate)
            {
                return [_options.ClientSecret, _options.RefreshToken, _refreshToken, _accessToken];
            }
        }
    }

    private void LogFailure(string endpoint, string failure, string trackingId)
    {
        if (Logger is { } logger)
        {
            Log.TokenRefreshFailed(logger, endpoint, failure, trackingId);
        }
    }

    private string Redact(string? text)
    {
        string? refreshToken, accessToken;
        lock (_gate)
        {
            (refreshToken, accessToken) = (_refreshToken, _accessToken);
        }

        return Internal.Redactor.Redact(text, _options.ClientSecret, _options.RefreshToken, refreshToken, accessToken) ?? string.Empty;
    }

    // Only the endpoint's own error words, never the request; an endpoint that echoes the form is redacted by the caller.
    private static string Describe(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return string.Empty;
            }

            foreach (var name in (string[])["error_description", "message", "error"])
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return ": " + value.GetString();
                }
            }
        }
        catch (JsonException)
        {
        }

        return string.Empty;
    }
}
