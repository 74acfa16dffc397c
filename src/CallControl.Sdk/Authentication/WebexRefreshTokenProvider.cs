using System.Net;
using System.Text.Json;
using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// Access tokens for a Webex integration: refreshed with the OAuth refresh token (<c>grant_type=refresh_token</c>),
/// cached until shortly before they expire, and refreshed single-flight (any number of concurrent callers cause one
/// refresh request). The rotated refresh token and the access token are kept in a <see cref="CallControlTokenStore"/>
/// (<see cref="WebexRefreshTokenProviderOptions.TokenStore"/>): the provider starts from the store's tokens, and
/// instances sharing the credential refresh one at a time under the store's lease.
/// </summary>
public sealed class WebexRefreshTokenProvider : CallControlTokenProvider, IDisposable
{
    private readonly WebexRefreshTokenProviderOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly object _gate = new();
    private string? _accessToken;
    private DateTimeOffset _refreshAt;
    private string? _refreshToken;
    private Task<string>? _inFlight;
    private int _failures;
    private DateTimeOffset _retryAt;
    private CallControlAuthenticationException? _lastFailure;
    private string? _rejected;
    private bool _configuredTried;
    private readonly CallControlTokenStore _store;
    private readonly string _storeKey;
    private readonly string _owner = Guid.NewGuid().ToString("N");
    private readonly CancellationTokenSource _disposed = new();
    private readonly Func<CancellationToken, Task<TokenAnswer>>? _obtainFirst;

    /// <summary>How often an instance waiting for another's refresh looks in the store.</summary>
    internal static readonly TimeSpan LeasePollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The wait after the first failed refresh; it doubles with each further failure.</summary>
    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between refresh attempts while they keep failing.</summary>
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    /// <summary>Creates a provider.</summary>
    /// <param name="options">The integration's credentials; validated and copied.</param>
    /// <param name="httpClient">An optional HTTP client for the token endpoint (not disposed by the provider).</param>
    /// <exception cref="ArgumentException">A required setting is missing.</exception>
    public WebexRefreshTokenProvider(WebexRefreshTokenProviderOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, null, null)
    {
    }

    /// <summary>A provider that obtains its first pair with <paramref name="obtainFirst"/> when neither the store nor the options have a refresh token (a Service App's).</summary>
    internal WebexRefreshTokenProvider(WebexRefreshTokenProviderOptions options, HttpClient? httpClient, Func<CancellationToken, Task<TokenAnswer>>? obtainFirst, string? defaultKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(refreshTokenRequired: obtainFirst is null);
        _options = options.WithTimeProvider(options.TimeProvider); // a copy: later changes to the caller's options do not leak in
        _refreshToken = options.RefreshToken;
        _obtainFirst = obtainFirst;
        _store = options.TokenStore ?? new InMemoryTokenStore(options.TimeProvider);
        _storeKey = options.TokenStoreKey ?? defaultKey ?? TokenRules.IntegrationStoreKey(options.ClientId!, options.RefreshToken!);
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>How long one instance's refresh lease lasts: two token requests and some slack (an instance that dies holding it blocks the others no longer).</summary>
    private TimeSpan LeaseDuration => (2 * _options.RequestTimeout) + TimeSpan.FromSeconds(5);

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

            _rejected = rejectedToken; // the store may still hold it: never adopt it from there

            return new ValueTask<string>(JoinRefresh().WaitAsync(cancellationToken));
        }
    }

    /// <inheritdoc/>
    /// <summary>The SDK's logger, set by the DI factory; the refresh is logged without secrets (events 12 and 13).</summary>
    internal Microsoft.Extensions.Logging.ILogger? Logger { get; set; }

    /// <summary>True when this provider was built from the same integration settings (a reload of other settings keeps it).</summary>
    internal bool Configured(WebexRefreshTokenProviderOptions options)
        => options.ClientId == _options.ClientId && options.ClientSecret == _options.ClientSecret && options.RefreshToken == _options.RefreshToken
            && options.TokenEndpoint == _options.TokenEndpoint && options.RefreshMargin == _options.RefreshMargin && options.RequestTimeout == _options.RequestTimeout
            && ReferenceEquals(options.TokenStore, _options.TokenStore) && options.TokenStoreKey == _options.TokenStoreKey;

    /// <summary>What the health check reports: consecutive failed refreshes and the last failure (null when the last refresh worked).</summary>
    internal override (int Failures, CallControlAuthenticationException? LastFailure)? Health
    {
        get
        {
            lock (_gate)
            {
                return (_failures, _lastFailure);
            }
        }
    }

    /// <summary>Disposes the HttpClient the provider created itself; one it was given is left alone.</summary>
    public void Dispose()
    {
        // A refresh waiting for another instance's lease stops waiting (its callers get ObjectDisposedException).
        if (!_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
        }

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
            var token = await RefreshThroughStoreAsync().ConfigureAwait(false);
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

    /// <summary>
    /// Takes the tokens another instance stored when they are fresh; otherwise takes the lease and refreshes (or waits
    /// for the instance that holds it and takes its result). Store failures never fail the refresh: without the store
    /// the provider refreshes with what it holds.
    /// </summary>
    private async Task<string> RefreshThroughStoreAsync()
    {
        await Task.Yield(); // leave the lock before any I/O
        var time = _options.TimeProvider;
        var giveUpAt = time.GetUtcNow() + (2 * LeaseDuration);
        while (true)
        {
            if (Adopt(await ReadStoreAsync().ConfigureAwait(false)) is { } adopted)
            {
                return adopted;
            }

            if (await TryLeaseAsync().ConfigureAwait(false))
            {
                try
                {
                    var stored = await ReadStoreAsync().ConfigureAwait(false); // it may have changed before the lease was ours
                    return Adopt(stored) ?? await RefreshUnderLeaseAsync(stored).ConfigureAwait(false);
                }
                finally
                {
                    await StoreCallAsync(static (s, key, owner, ct) => s.ReleaseLeaseAsync(key, owner, ct)).ConfigureAwait(false);
                }
            }

            if (time.GetUtcNow() >= giveUpAt)
            {
                throw new CallControlAuthenticationException($"Refreshing the Webex access token failed: another instance held the token store's refresh lease for {(2 * LeaseDuration).TotalSeconds:0} s and stored no new token.", null, null);
            }

            try
            {
                await Task.Delay(LeasePollInterval, time, _disposed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new ObjectDisposedException(nameof(WebexRefreshTokenProvider));
            }
        }
    }

    /// <summary>
    /// Refreshes with the newest refresh token known (the store's, else this process's). When that is refused, the
    /// first attempt of a streak of failures falls back: to the configured refresh token, once per process (an operator
    /// may have put a new one in the settings), or for a Service App to a new first pair.
    /// </summary>
    private async Task<string> RefreshUnderLeaseAsync(StoredTokens? stored)
    {
        string? newest, configured;
        bool mayFallBack;
        lock (_gate)
        {
            newest = stored?.RefreshToken ?? _refreshToken;
            configured = _configuredTried || _options.RefreshToken == newest ? null : _options.RefreshToken;
            mayFallBack = _failures == 0; // once per streak of failures: a dead credential costs one request per attempt
        }

        TokenAnswer answer;
        if (newest is null)
        {
            answer = await _obtainFirst!(CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            try
            {
                answer = await SendRefreshAsync(newest).ConfigureAwait(false);
            }
            catch (CallControlAuthenticationException ex) when (ex.StatusCode == HttpStatusCode.BadRequest)
            {
                // Another instance may have rotated it meanwhile (a lease taken over as it expired, a store that was away).
                if (Adopt(await ReadStoreAsync().ConfigureAwait(false)) is { } theirs)
                {
                    return theirs;
                }

                if (!mayFallBack || (configured is null && _obtainFirst is null))
                {
                    throw;
                }

                lock (_gate)
                {
                    _configuredTried = true;
                }

                answer = configured is not null ? await SendRefreshAsync(configured).ConfigureAwait(false) : await _obtainFirst!(CancellationToken.None).ConfigureAwait(false);
            }
        }

        var tokens = Keep(answer);
        await StoreCallAsync((s, key, _, ct) => s.WriteAsync(key, tokens, ct)).ConfigureAwait(false);
        return answer.AccessToken;
    }

    /// <summary>Takes fresh tokens another instance stored (never the one Webex just rejected); null when there are none.</summary>
    private string? Adopt(StoredTokens? stored)
    {
        if (stored is null)
        {
            return null;
        }

        var now = _options.TimeProvider.GetUtcNow();
        lock (_gate)
        {
            _refreshToken = stored.RefreshToken; // the store's is the newest: another instance may have rotated ours
            // The token held here is due (or it would not be refreshing), and the rejected one is dead: only another's is news.
            if (stored.AccessToken is not { } access || access == _rejected || access == _accessToken)
            {
                return null;
            }

            var remaining = stored.AccessTokenExpiresAt - now;
            var refreshAt = stored.AccessTokenExpiresAt - Margin(remaining);
            if (remaining <= TimeSpan.Zero || now >= refreshAt)
            {
                return null;
            }

            (_accessToken, _refreshAt) = (access, refreshAt);
            CountRefresh("stored");
            return access;
        }
    }

    private async Task<StoredTokens?> ReadStoreAsync()
    {
        StoredTokens? stored = null;
        await StoreCallAsync(async (s, key, _, ct) => stored = await s.ReadAsync(key, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return stored;
    }

    private async Task<bool> TryLeaseAsync()
    {
        var taken = true; // a store that fails cannot coordinate: refresh alone rather than not at all
        await StoreCallAsync(async (s, key, owner, ct) => taken = await s.TryAcquireLeaseAsync(key, owner, LeaseDuration, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return taken;
    }

    /// <summary>Calls the store within the request budget; its failure is logged (type only: a message may hold a connection string) and swallowed.</summary>
    private async Task StoreCallAsync(Func<CallControlTokenStore, string, string, CancellationToken, ValueTask> call)
    {
        using var budget = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider);
        try
        {
            await call(_store, _storeKey, _owner, budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (Logger is { } logger)
            {
                Log.TokenStoreFailed(logger, _store.GetType().Name, ex.GetType().Name);
            }
        }
    }

    private async Task<TokenAnswer> SendRefreshAsync(string refreshToken)
    {
        using var budget = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider);
        lock (_gate)
        {
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
                LogFailure(endpoint, ex.GetType().Name, trackingId);
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
                LogFailure(endpoint, "no usable access_token", trackingId);
                throw new CallControlAuthenticationException("Refreshing the Webex access token failed: the token endpoint's answer has no usable access_token.", response.StatusCode, trackingId);
            }

            if (TokenRules.Problem(accessToken) is { } problem)
            {
                LogFailure(endpoint, "unusable access_token", trackingId);
                throw new CallControlAuthenticationException($"Refreshing the Webex access token failed: the token endpoint returned an access_token that {problem}.", response.StatusCode, trackingId);
            }

            CountRefresh("success");
            if (Logger is { } logger)
            {
                Log.TokenRefreshed(logger, endpoint, (int)response.StatusCode, trackingId);
            }

            return new TokenAnswer(accessToken, expiresIn, string.IsNullOrWhiteSpace(newRefreshToken) ? refreshToken : newRefreshToken);
        }
    }

    /// <summary>How long before expiry a token of <paramref name="lifetime"/> is refreshed: the margin, or half a lifetime shorter than it.</summary>
    private TimeSpan Margin(TimeSpan lifetime) => _options.RefreshMargin < lifetime ? _options.RefreshMargin : lifetime / 2;

    /// <summary>Keeps a new pair, and returns it as the store keeps it.</summary>
    private StoredTokens Keep(TokenAnswer answer)
    {
        var now = _options.TimeProvider.GetUtcNow();
        var lifetime = TimeSpan.FromSeconds(Math.Clamp(answer.ExpiresIn, 1, 365L * 24 * 3600));
        var margin = Margin(lifetime);
        lock (_gate)
        {
            (_accessToken, _refreshAt, _refreshToken) = (answer.AccessToken, now + lifetime - margin, answer.RefreshToken);
        }

        return new StoredTokens(answer.RefreshToken, answer.AccessToken, now + lifetime);
    }

    /// <summary>Gets every secret this provider holds, and the access token it handed out, for the client's redaction too.</summary>
    protected internal override IEnumerable<string?> HeldSecrets
    {
        get
        {
            lock (_gate)
            {
                return [_options.ClientSecret, _options.RefreshToken, _refreshToken, _accessToken, _rejected];
            }
        }
    }

    private static void CountRefresh(string outcome) => Telemetry.TokenRefreshes.Add(1, new KeyValuePair<string, object?>("callcontrol.outcome", outcome));

    private void LogFailure(string endpoint, string failure, string trackingId)
    {
        CountRefresh("failure");
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

/// <summary>A token endpoint's answer: the access token, its lifetime in seconds, and the refresh token to use next.</summary>
internal sealed record TokenAnswer(string AccessToken, long ExpiresIn, string RefreshToken)
{
    /// <summary>Never the tokens.</summary>
    public override string ToString() => $"TokenAnswer (expires in {ExpiresIn} s)";
}
