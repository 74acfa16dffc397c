using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CallControl.Sdk.Testing;

// The OAuth token endpoint of a Webex integration (POST /v1/access_token, grant_type=refresh_token), so that an
// integration's configuration (ClientId, ClientSecret, RefreshToken) works against the sandbox as against Webex:
// refresh tokens rotate, access tokens expire on the sandbox's clock, bad clients get 401 and bad grants 400.
public sealed partial class CallControlSandbox
{
    private const string TokenPath = "/v1/access_token";
    private readonly Dictionary<string, DateTimeOffset> _issuedTokens = new(StringComparer.Ordinal);
    private string? _refreshToken;
    private int _tokenRefreshes;

    /// <summary>Gets the integration's client id the token endpoint accepts.</summary>
    public string ClientId => _options.ClientId;

    /// <summary>Gets the integration's client secret the token endpoint accepts.</summary>
    public string ClientSecret => _options.ClientSecret;

    /// <summary>Gets the refresh token the token endpoint accepts now (it rotates with every refresh).</summary>
    public string RefreshToken
    {
        get
        {
            lock (_gate)
            {
                return _refreshToken ?? _options.RefreshToken;
            }
        }
    }

    /// <summary>Gets how many access tokens the token endpoint issued.</summary>
    public int TokenRefreshCount => Volatile.Read(ref _tokenRefreshes);

    /// <summary>True for the sandbox's own token and for every token the endpoint issued that has not expired.</summary>
    private bool IsValidToken(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        var token = authorization["Bearer ".Length..];
        if (token == _options.AccessToken)
        {
            return true;
        }

        lock (_gate)
        {
            return _issuedTokens.TryGetValue(token, out var expires) && _options.TimeProvider.GetUtcNow() < expires;
        }
    }

    private async Task AnswerTokenRequestAsync(HttpContext context, string body, DateTimeOffset receivedAt)
    {
        var form = QueryHelpers.ParseQuery(body);
        string Field(string name) => form.TryGetValue(name, out var values) ? values.ToString() : string.Empty;

        int status;
        string answer;
        lock (_gate)
        {
            if (context.Request.Method != "POST")
            {
                (status, answer) = (405, OAuthError("invalid_request", "Use POST."));
            }
            else if (Field("grant_type") != "refresh_token")
            {
                (status, answer) = (400, OAuthError("unsupported_grant_type", "Only grant_type=refresh_token is supported here."));
            }
            else if (Field("client_id") != _options.ClientId || Field("client_secret") != _options.ClientSecret)
            {
                (status, answer) = (401, OAuthError("invalid_client", "The client id or secret is wrong."));
            }
            else if (Field("refresh_token") != (_refreshToken ?? _options.RefreshToken))
            {
                (status, answer) = (400, OAuthError("invalid_grant", "The refresh token is invalid, expired or already used."));
            }
            else
            {
                var issued = ++_tokenRefreshes;
                var accessToken = "sandbox-access-" + issued.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
                _refreshToken = "sandbox-refresh-" + issued.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
                _issuedTokens[accessToken] = _options.TimeProvider.GetUtcNow() + _options.AccessTokenLifetime;
                (status, answer) = (200, Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("access_token", accessToken);
                    w.WriteNumber("expires_in", (long)_options.AccessTokenLifetime.TotalSeconds);
                    w.WriteString("refresh_token", _refreshToken);
                    w.WriteNumber("refresh_token_expires_in", 7_776_000);
                    w.WriteString("token_type", "Bearer");
                    w.WriteEndObject();
                }));
            }
        }

        Record(context.Request, body, status, receivedAt);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>An OAuth error answer (RFC 6749 §5.2).</summary>
    private static string OAuthError(string error, string description) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", error);
        w.WriteString("error_description", description);
        w.WriteEndObject();
    });
}
