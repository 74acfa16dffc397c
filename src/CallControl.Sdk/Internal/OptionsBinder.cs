using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace CallControl.Sdk.Internal;

/// <summary>
/// Reads <see cref="CallControlClientOptions"/> from configuration by hand: no reflection (safe for trimming and
/// Native AOT), and a value that does not parse becomes a validation message naming the key, not an exception at
/// some random first use.
/// </summary>
internal static class OptionsBinder
{
    internal static void Bind(IConfiguration section, CallControlClientOptions options)
    {
        var path = section is IConfigurationSection s ? s.Path + ":" : string.Empty;
        options.ConfigurationPath = section is IConfigurationSection named ? named.Path : null;
        var problems = options.BindingProblems;

        if (section["AccessToken"] is { Length: > 0 } token)
        {
            options.AccessToken = token;
        }

        if (section["BaseAddress"] is { Length: > 0 } baseAddress)
        {
            if (Uri.TryCreate(baseAddress, UriKind.Absolute, out var uri))
            {
                options.BaseAddress = uri;
            }
            else
            {
                problems.Add($"{path}BaseAddress '{Text.Printable(baseAddress)}' is not an absolute URI.");
            }
        }

        if (section["RefreshToken"] is { Length: > 0 } refreshToken)
        {
            var provider = new WebexRefreshTokenProviderOptions
            {
                ClientId = section["ClientId"],
                ClientSecret = section["ClientSecret"],
                RefreshToken = refreshToken,
                TokenStoreKey = section["TokenStoreKey"] is { Length: > 0 } key ? key : null,
                TimeProvider = options.TimeProvider,
                TokenEndpoint = new Uri(new Uri(options.BaseAddress.AbsoluteUri.TrimEnd('/') + "/"), "access_token"),
            };
            if (section["TokenEndpoint"] is { Length: > 0 } endpoint)
            {
                if (Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUri))
                {
                    provider.TokenEndpoint = endpointUri;
                }
                else
                {
                    problems.Add($"{path}TokenEndpoint '{Text.Printable(endpoint)}' is not an absolute URI.");
                }
            }

            try
            {
                provider.Validate();
                options.RefreshFromConfiguration = provider;
            }
            catch (ArgumentException ex)
            {
                problems.Add($"{path}RefreshToken is set but the integration settings are incomplete ({path}ClientId, {path}ClientSecret): {ex.Message}");
            }
        }

        var app = section.GetSection("ServiceApp");
        if (app.GetChildren().Any())
        {
            var serviceApp = new WebexServiceAppTokenProviderOptions
            {
                ApplicationId = app["ApplicationId"],
                ClientId = app["ClientId"],
                ClientSecret = app["ClientSecret"],
                TargetOrgId = app["TargetOrgId"],
                AuthorizingToken = app["AuthorizingToken"],
                TokenStoreKey = app["TokenStoreKey"] is { Length: > 0 } appKey ? appKey : null,
                BaseAddress = new Uri(options.BaseAddress.AbsoluteUri.TrimEnd('/') + "/"),
                TimeProvider = options.TimeProvider,
            };
            try
            {
                serviceApp.Validate();
                options.ServiceAppFromConfiguration = serviceApp;
            }
            catch (ArgumentException ex)
            {
                problems.Add($"{path}ServiceApp is incomplete ({path}ServiceApp:ApplicationId, ClientId, ClientSecret, TargetOrgId, AuthorizingToken): {ex.Message}");
            }
        }

        ReadTimeSpan(section, path, "Timeout", problems, v => options.Timeout = v);
        ReadTimeSpan(section, path, "OutcomeSettleTime", problems, v => options.OutcomeSettleTime = v);
        var retry = section.GetSection("Retry");
        var retryPath = path + "Retry:";
        ReadInt(retry, retryPath, "MaxRetryAttempts", problems, v => options.Retry.MaxRetryAttempts = v);
        ReadTimeSpan(retry, retryPath, "MaxRetryAfter", problems, v => options.Retry.MaxRetryAfter = v);
        ReadTimeSpan(retry, retryPath, "BaseBackoff", problems, v => options.Retry.BaseBackoff = v);
        ReadTimeSpan(retry, retryPath, "MaxBackoff", problems, v => options.Retry.MaxBackoff = v);
        ReadTimeSpan(retry, retryPath, "QueryAttemptTimeout", problems, v => options.Retry.QueryAttemptTimeout = v);
        ReadBool(retry, retryPath, "RetryOnLocked", problems, v => options.Retry.RetryOnLocked = v);
        ReadBool(retry, retryPath, "ResolveAndResend", problems, v => options.Retry.ResolveAndResend = v);
        ReadBool(retry, retryPath, "UseSharedRateLimitGate", problems, v => options.Retry.UseSharedRateLimitGate = v);
        var pacing = retry.GetSection("Pacing");
        var pacingPath = retryPath + "Pacing:";
        ReadBool(pacing, pacingPath, "Enabled", problems, v => options.Retry.Pacing.Enabled = v);
        ReadInt(pacing, pacingPath, "MinSuccessesToLearn", problems, v => options.Retry.Pacing.MinSuccessesToLearn = v);
        ReadDouble(pacing, pacingPath, "SafetyFactor", problems, v => options.Retry.Pacing.SafetyFactor = v);
        ReadDouble(pacing, pacingPath, "BackOffFactor", problems, v => options.Retry.Pacing.BackOffFactor = v);
        ReadDouble(pacing, pacingPath, "RateBackOffFactor", problems, v => options.Retry.Pacing.RateBackOffFactor = v);
        ReadDouble(pacing, pacingPath, "RateIncreasePerSecond", problems, v => options.Retry.Pacing.RateIncreasePerSecond = v);
        ReadTimeSpan(pacing, pacingPath, "Lifetime", problems, v => options.Retry.Pacing.Lifetime = v);
    }

    private static void ReadTimeSpan(IConfiguration section, string path, string key, List<string> problems, Action<TimeSpan> set)
        => Read(section, path, key, problems, set, static raw => (TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out var v), v), "a time span (use hh:mm:ss, for example 00:01:00)");

    private static void ReadInt(IConfiguration section, string path, string key, List<string> problems, Action<int> set)
        => Read(section, path, key, problems, set, static raw => (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v), v), "a whole number");

    private static void ReadDouble(IConfiguration section, string path, string key, List<string> problems, Action<double> set)
        => Read(section, path, key, problems, set, static raw => (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v), v), "a number (use a dot for decimals, for example 0.9)");

    private static void ReadBool(IConfiguration section, string path, string key, List<string> problems, Action<bool> set)
        => Read(section, path, key, problems, set, static raw => (bool.TryParse(raw, out var v), v), "true or false");

    /// <summary>Sets the value when the key is present and parses; otherwise records a message naming the key and what it should be.</summary>
    private static void Read<T>(IConfiguration section, string path, string key, List<string> problems, Action<T> set, Func<string, (bool Ok, T Value)> parse, string expected)
    {
        if (section[key] is not { Length: > 0 } raw)
        {
            return;
        }

        var (ok, value) = parse(raw);
        if (ok)
        {
            set(value);
        }
        else
        {
            problems.Add($"{path}{key} '{Text.Printable(raw)}' is not {expected}.");
        }
    }
}
