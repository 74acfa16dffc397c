using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace CallControl.Sdk.Testing;

/// <summary>
/// The OAuth token endpoint of a Webex integration (POST /v1/access_token, grant_type=refresh_token), so that an
/// integration's configuration (ClientId, ClientSecret, RefreshToken) works against the sandbox as against Webex:
/// refresh tokens rotate, access tokens expire on the sandbox's clock, bad clients get 401 and bad grants 400. It is
/// not Call Control: no rate limit or injected faults apply to it.
/// </summary>
internal sealed class SandboxTokens(CallControlSandboxOptions options)
{
    internal const string Path = "/v1/access_token";
    private readonly object _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _issuedTokens = new(StringComparer.Ordinal);
    private string? _refreshToken;
    private int _tokenRefreshes;

    /// <summary>The refresh token the endpoint accepts now (it rotates with every refresh).</summary>
    internal string RefreshToken
    {
        get
        {
            lock (_lock)
            {
                return _refreshToken ?? options.RefreshToken;
            }
        }
    }

    /// <summary>How many access tokens the endpoint issued.</summary>
    internal int RefreshCount => Volatile.Read(ref _tokenRefreshes);

    /// <summary>True for the Service App's token (<see cref="CallControlSandboxOptions.ServiceAppToken"/>).</summary>
    internal bool IsServiceApp(string? authorization) => authorization == "Bearer " + options.ServiceAppToken;

    /// <summary>True for the sandbox's own token and for every token the endpoint issued that has not expired.</summary>
    internal bool IsValid(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        var token = authorization["Bearer ".Length..];
        if (token == options.AccessToken)
        {
            return true;
        }

        lock (_lock)
        {
            return _issuedTokens.TryGetValue(token, out var expires) && options.TimeProvider.GetUtcNow() < expires;
        }
    }

    /// <summary>Answers one request to the token endpoint.</summary>
    internal (int Status, string Json) Answer(string method, string body)
    {
        var form = QueryHelpers.ParseQuery(body);
        string Field(string name) => form.TryGetValue(name, out var values) ? values.ToString() : string.Empty;

        int status;
        string answer;
        lock (_lock)
        {
            if (method != "POST")
            {
                (status, answer) = (405, OAuthError("invalid_request", "Use POST."));
            }
            else if (Field("grant_type") != "refresh_token")
            {
                (status, answer) = (400, OAuthError("unsupported_grant_type", "Only grant_type=refresh_token is supported here."));
            }
            else if (Field("client_id") != options.ClientId || Field("client_secret") != options.ClientSecret)
            {
                (status, answer) = (401, OAuthError("invalid_client", "The client id or secret is wrong."));
            }
            else if (Field("refresh_token") != (_refreshToken ?? options.RefreshToken))
            {
                (status, answer) = (400, OAuthError("invalid_grant", "The refresh token is invalid, expired or already used."));
            }
            else
            {
                var issued = ++_tokenRefreshes;
                var accessToken = "sandbox-access-" + issued.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
                _refreshToken = "sandbox-refresh-" + issued.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
                _issuedTokens[accessToken] = options.TimeProvider.GetUtcNow() + options.AccessTokenLifetime;
                (status, answer) = (200, SandboxJson.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("access_token", accessToken);
                    w.WriteNumber("expires_in", (long)options.AccessTokenLifetime.TotalSeconds);
                    w.WriteString("refresh_token", _refreshToken);
                    w.WriteNumber("refresh_token_expires_in", 7_776_000);
                    w.WriteString("token_type", "Bearer");
                    w.WriteEndObject();
                }));
            }
        }

        return (status, answer);
    }

    /// <summary>An OAuth error answer (RFC 6749 §5.2).</summary>
    private static string OAuthError(string error, string description) => SandboxJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", error);
        w.WriteString("error_description", description);
        w.WriteEndObject();
    });
}
