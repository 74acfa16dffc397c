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
    private readonly Dictionary<string, DateTimeOffset> _issuedAppTokens = new(StringComparer.Ordinal);
    private string? _appRefreshToken;
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
    internal bool IsServiceApp(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        var token = authorization["Bearer ".Length..];
        if (token == options.ServiceAppToken)
        {
            return true;
        }

        lock (_lock)
        {
            return _issuedAppTokens.TryGetValue(token, out var expires) && options.TimeProvider.GetUtcNow() < expires;
        }
    }

    /// <summary>
    /// Answers <c>POST /v1/applications/{applicationId}/token</c>: a Service App's first pair, asked with a user's token
    /// (the sandbox's user has <c>spark:applications_token</c>) for the sandbox's organization.
    /// </summary>
    internal (int Status, string Json) AnswerApplicationToken(string method, string applicationId, string? authorization, string body)
    {
        if (method != "POST")
        {
            return (405, Message("Use POST."));
        }

        if (!IsValid(authorization))
        {
            return (401, Message("The request requires a valid access token with the spark:applications_token scope."));
        }

        if (applicationId != options.ServiceAppId)
        {
            return (404, Message($"Application '{applicationId}' was not found."));
        }

        string? clientId = null, clientSecret = null, orgId = null;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(string.IsNullOrEmpty(body) ? "{}" : body);
            var root = document.RootElement;
            clientId = SandboxJson.ReadString(root, "clientId");
            clientSecret = SandboxJson.ReadString(root, "clientSecret");
            orgId = SandboxJson.ReadString(root, "targetOrgId");
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return (400, Message("The request body is not valid JSON."));
        }

        if (clientId != options.ServiceAppClientId || clientSecret != options.ServiceAppClientSecret)
        {
            return (401, Message("The client id or secret is wrong."));
        }

        if (orgId != options.OrgId)
        {
            return (404, Message($"The application is not authorized for organization '{orgId}'."));
        }

        lock (_lock)
        {
            return (200, IssueAppTokens());
        }
    }

    // Called under _lock: a new Service App access token and a rotated refresh token.
    private string IssueAppTokens()
    {
        var accessToken = "sandbox-app-access-" + Guid.NewGuid().ToString("N");
        _appRefreshToken = "sandbox-app-refresh-" + Guid.NewGuid().ToString("N");
        _issuedAppTokens[accessToken] = options.TimeProvider.GetUtcNow() + options.AccessTokenLifetime;
        return TokenAnswer(accessToken, _appRefreshToken);
    }

    private string TokenAnswer(string accessToken, string refreshToken) => SandboxJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("access_token", accessToken);
        w.WriteNumber("expires_in", (long)options.AccessTokenLifetime.TotalSeconds);
        w.WriteString("refresh_token", refreshToken);
        w.WriteNumber("refresh_token_expires_in", 7_776_000);
        w.WriteString("token_type", "Bearer");
        w.WriteEndObject();
    });

    private static string Message(string text) => SandboxJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("message", text);
        w.WriteEndObject();
    });

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
            else if (Field("client_id") == options.ServiceAppClientId && Field("client_secret") == options.ServiceAppClientSecret)
            {
                // A Service App refreshing the pair its applications endpoint issued.
                (status, answer) = _appRefreshToken is not null && Field("refresh_token") == _appRefreshToken
                    ? (200, IssueAppTokens())
                    : (400, OAuthError("invalid_grant", "The refresh token is invalid, expired or already used."));
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
