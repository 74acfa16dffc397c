namespace CallControl.Sdk.Internal;

/// <summary>The names registered with <c>AddCallControlClient</c>, and the HttpClient name of each.</summary>
internal sealed class CallControlRegistrations
{
    /// <summary>The HttpClient the refresh-token provider posts to the token endpoint through.</summary>
    internal const string TokenHttpClientName = "CallControl.Sdk.Token";

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>The HttpClient name of a registration: the documented <c>CallControl.Sdk</c> for the unnamed one.</summary>
    internal static string HttpClientNameOf(string name)
        => name.Length == 0 ? Microsoft.Extensions.DependencyInjection.CallControlServiceCollectionExtensions.HttpClientName : Microsoft.Extensions.DependencyInjection.CallControlServiceCollectionExtensions.HttpClientName + ":" + name;

    /// <summary>The registration name of an HttpClient name made by <see cref="HttpClientNameOf"/>, or null for any other HttpClient.</summary>
    internal static string? NameOfHttpClient(string? httpClientName)
    {
        const string Base = Microsoft.Extensions.DependencyInjection.CallControlServiceCollectionExtensions.HttpClientName;
        return httpClientName == Base ? Microsoft.Extensions.Options.Options.DefaultName
            : httpClientName is not null && httpClientName.StartsWith(Base + ":", StringComparison.Ordinal) ? httpClientName[(Base.Length + 1)..]
            : null;
    }

    internal void Add(string name)
    {
        lock (_names)
        {
            _names.Add(name);
        }
    }

    /// <summary>The registered names, in no particular order.</summary>
    internal string[] Names
    {
        get
        {
            lock (_names)
            {
                return [.. _names];
            }
        }
    }

    internal bool Contains(string name)
    {
        lock (_names)
        {
            return _names.Contains(name);
        }
    }

    /// <summary>True for the HttpClients the send guard goes into: every registration's and the token endpoint's.</summary>
    internal bool OwnsHttpClient(string? httpClientName)
    {
        if (httpClientName is null)
        {
            return false;
        }

        if (httpClientName == TokenHttpClientName)
        {
            return true;
        }

        lock (_names)
        {
            return _names.Any(n => HttpClientNameOf(n) == httpClientName);
        }
    }
}
