namespace CallControl.Sdk;

/// <summary>
/// The default values of every option, in one place. Read-only fields rather than constants, so a caller's compiled
/// code reads them from this version of the SDK instead of keeping the value it was built against.
/// </summary>
public static class CallControlDefaults
{
    /// <summary>The Webex API base address: <c>https://webexapis.com/v1/</c>.</summary>
    public static Uri BaseAddress { get; } = new("https://webexapis.com/v1/");

    /// <summary>The default time budget of one operation, retries and waits included: 100 seconds (as <see cref="HttpClient.Timeout"/>).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(100);

    /// <summary>The default number of retries after the first attempt: 3.</summary>
    public static readonly int MaxRetryAttempts = 3;

    /// <summary>The default longest Retry-After the client will wait out: 60 seconds. A longer one fails at once.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    /// <summary>The default first backoff when the server gives no usable Retry-After: 1 second.</summary>
    public static readonly TimeSpan BaseBackoff = TimeSpan.FromSeconds(1);

    /// <summary>The default longest backoff when the server gives no usable Retry-After: 30 seconds.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>The default longest time one attempt of a query (GET) may take before it is retried: 10 seconds.</summary>
    public static readonly TimeSpan QueryAttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The most bytes of a response body the client reads of a command (error bodies, 201 and park bodies): 64 KiB. Query answers may be up to 1 MiB.</summary>
    public static readonly int MaxResponseBodyBytes = 64 * 1024;
}
