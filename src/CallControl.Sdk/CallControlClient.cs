using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;
using Refit;

namespace CallControl.Sdk;

/// <summary>
/// A client for the Webex Calling Call Control API. Thread-safe: create one per access token and reuse it.
/// </summary>
/// <remarks>
/// <para>
/// Operations are <see langword="virtual"/> and a protected parameterless constructor exists so that code using the
/// client can be tested with a mock or a hand-written subclass (the Azure SDK pattern). An interface was not chosen
/// because adding an operation to a published interface breaks every implementer, and Call Control has many more
/// operations to come.
/// </para>
/// <para>
/// Rate limiting (429), locking (423) and temporary unavailability (503) are waited out within the limits of
/// <see cref="CallControlClientOptions.Retry"/>. A command that may have been carried out is never sent twice:
/// see <see cref="CallControlException.OutcomeUnknown"/>.
/// </para>
/// </remarks>
public partial class CallControlClient : IDisposable
{
    private static readonly RefitSettings RefitSettings = CreateRefitSettings();
    private readonly ExecutorHolder? _executor;
    private readonly bool _ownedByContainer;
    private readonly ClientTransport? _transport;
    private readonly HttpClient? _ownedHttpClient;
    private readonly CancellationTokenSource? _lifetime;

    /// <summary>Creates a client that owns its own <see cref="HttpClient"/> (disposed with the client).</summary>
    /// <param name="options">The options; they are validated and copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is invalid; the message names each one.</exception>
    public CallControlClient(CallControlClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var snapshot = options.Snapshot();
        _ownedHttpClient = CreateHttpClient(snapshot.BaseAddress);
        _executor = new ExecutorHolder(new OperationExecutor(snapshot));
        _lifetime = new CancellationTokenSource();
        _transport = new ClientTransport(_ownedHttpClient, RestService.ForGenerated<IWebexCallControlApi>(_ownedHttpClient, RefitSettings), Guarded: true, _lifetime.Token);
    }

    /// <summary>
    /// Creates a client over a caller-owned <see cref="HttpClient"/> (for example from <c>IHttpClientFactory</c>),
    /// which the client does not dispose.
    /// </summary>
    /// <param name="httpClient">
    /// The HTTP client. When its <see cref="HttpClient.BaseAddress"/> is <see langword="null"/> it is set to
    /// <see cref="CallControlClientOptions.BaseAddress"/>; when it is set, it is used, and must agree with an explicitly
    /// set <see cref="CallControlClientOptions.BaseAddress"/>. Its own <see cref="HttpClient.Timeout"/> still applies to each attempt.
    /// </param>
    /// <param name="options">The options; they are validated and copied.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is invalid, or the base addresses disagree.</exception>
    public CallControlClient(HttpClient httpClient, CallControlClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var snapshot = options.Snapshot();
        AdoptBaseAddress(httpClient, snapshot);
        _executor = new ExecutorHolder(new OperationExecutor(snapshot));
        _lifetime = new CancellationTokenSource();
        _transport = new ClientTransport(httpClient, RestService.ForGenerated<IWebexCallControlApi>(httpClient, RefitSettings), Guarded: false, _lifetime.Token);
    }

    /// <summary>
    /// For dependency injection (<see cref="CallControlClientFactory"/>): a client over a factory-made HttpClient whose
    /// pipeline has the send guard innermost, with an executor the factory may swap when the options are reloaded.
    /// </summary>
    /// <param name="api">The Refit client over <paramref name="httpClient"/>, shared by every client of one registration.</param>
    /// <param name="httpClient">The registration's HttpClient (one connection pool for all its clients).</param>
    /// <param name="executor">The executor, or its current version after a reload.</param>
    /// <param name="lifetime">Cancelled with the factory (the service provider), or when a per-user client is disposed.</param>
    /// <param name="ownedByContainer">True for the singleton of a name: the container ends it, <see cref="Dispose()"/> does not.</param>
    internal CallControlClient(IWebexCallControlApi api, HttpClient httpClient, ExecutorHolder executor, CancellationTokenSource lifetime, bool ownedByContainer)
    {
        AdoptBaseAddress(httpClient, executor.Current.Options);
        _executor = executor;
        _lifetime = lifetime;
        _ownedByContainer = ownedByContainer;
        _transport = new ClientTransport(httpClient, api, Guarded: true, lifetime.Token);
    }

    /// <summary>Builds the Refit client over an HttpClient (shared per registration by the DI factory).</summary>
    internal static IWebexCallControlApi CreateApi(HttpClient httpClient) => RestService.ForGenerated<IWebexCallControlApi>(httpClient, RefitSettings);

    /// <summary>For mocking only: a client created this way throws from every operation that is not overridden.</summary>
    protected CallControlClient()
    {
    }

    /// <summary>
    /// Transfers calls: attended (two calls joined), mute (a call to a destination, once it answers) or automatic
    /// (the user's only two calls).
    /// </summary>
    /// <param name="request">The transfer, created with <see cref="TransferRequest.Attended"/>, <see cref="TransferRequest.Mute(string, string, string?)"/>,
    /// <see cref="TransferRequest.Automatic"/> or <see cref="TransferRequest.CreateBuilder"/>.</param>
    /// <param name="cancellationToken">Cancels the operation, including any wait for a Retry-After.</param>
    /// <returns>The result: 204 for attended and automatic transfers, 201 with the new call's ids for a mute transfer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status. For 500, 502 and 504
    /// <see cref="CallControlException.OutcomeUnknown"/> is <see langword="true"/>: the transfer may have happened.
    /// A 409 usually means the call is an unanswered incoming call, which must be diverted instead.</exception>
    /// <exception cref="CallControlException">The request failed in transport or timed out; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<TransferResult> TransferAsync(TransferRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sent = Executor.ExecuteAsync(_transport!, ApiRequest.Transfer(request), AnswerReaders.Transfer(request.Kind), cancellationToken);
        return Executor.Options.Retry.ResolveAndResend && OutcomeRules.CanSayNotCarriedOut(Operation.Transfer.Name, request)
            ? TransferResolvedAsync(sent, request, cancellationToken)
            : sent;
    }

    /// <summary>
    /// Ends the client (a client resolved from dependency injection by name ends with the service provider instead,
    /// and this does nothing): later calls throw <see cref="ObjectDisposedException"/> at once and send nothing; calls waiting
    /// at the rate-limit gate or for a retry end at once with <see cref="ObjectDisposedException"/>; a command on the
    /// wire ends with a <see cref="CallControlException"/> whose <see cref="CallControlException.OutcomeUnknown"/> is
    /// <see langword="true"/>. The <see cref="HttpClient"/> the client created itself is disposed; a caller-owned one is left alone.
    /// </summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && !_ownedByContainer && _lifetime is not null && !_lifetime.IsCancellationRequested)
        {
            // Cancel first, so operations end through their own mapping before the HttpClient below them goes away.
            _lifetime.Cancel();
            _ownedHttpClient?.Dispose();
        }
    }

    private OperationExecutor Executor => _executor?.Current ?? throw new InvalidOperationException("This CallControlClient was created for mocking; override the operation you call.");

    private static RefitSettings CreateRefitSettings()
    {
        // Refit serializes nothing itself (bodies go as bytes, answers come back as HttpResponseMessage): it only needs
        // a context that is safe for trimming and Native AOT. The request bodies' is made for the first command anyway;
        // the answers' would be made only for this.
        var settings = RefitSettings.ForJsonContext(WebexRequestJsonContext.Default);
        settings.RequestBodySerialization = RequestBodySerializationMode.Buffered;
        settings.TransportExceptionFactory = static (_, exception, _) => exception;

        // Every header value is already checked by the SDK (tokens and tracking ids: printable ASCII only), so the
        // framework's per-header parsers would only repeat the work on every attempt.
        settings.ValidateHeaders = false;
        return settings;
    }

    private static HttpClient CreateHttpClient(Uri baseAddress)
    {
        var handler = new Http.SendGuardHandler(CreatePrimaryHandler());
        return new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseAddress,
            // The operation's own budget (CallControlClientOptions.Timeout) governs, on the injected clock.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The transport every client uses unless the caller brings its own: no redirects (the Authorization header must not travel).</summary>
    internal static SocketsHttpHandler CreatePrimaryHandler()
    {
        return new SocketsHttpHandler
        {
            // A redirect must never carry the Authorization header to another host: it surfaces as an error instead.
            AllowAutoRedirect = false,
            // Connections are recycled so DNS changes are seen. No automatic decompression: Call Control answers are
            // tiny JSON, and a decompression layer would only cost throughput.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
    }

    private static void AdoptBaseAddress(HttpClient httpClient, CallControlClientOptions options)
    {
        if (httpClient.BaseAddress is { } own && UriRules.Problem(own) is { } problem)
        {
            throw new ArgumentException($"HttpClient.BaseAddress: {problem}.", nameof(httpClient));
        }

        if (httpClient.BaseAddress is null)
        {
            try
            {
                httpClient.BaseAddress = options.BaseAddress;
            }
            catch (InvalidOperationException ex)
            {
                throw new ArgumentException("The HttpClient has no BaseAddress and has already sent requests, so it cannot be given one; set HttpClient.BaseAddress before its first request.", nameof(httpClient), ex);
            }
        }
        else if (options.BaseAddressWasSet && !SameBase(httpClient.BaseAddress, options.BaseAddress))
        {
            throw new ArgumentException($"HttpClient.BaseAddress ({httpClient.BaseAddress}) and CallControlClientOptions.BaseAddress ({options.BaseAddress}) disagree; set only one of them.", nameof(httpClient));
        }
    }

    private static bool SameBase(Uri a, Uri b)
        => string.Equals(a.AbsoluteUri.TrimEnd('/'), b.AbsoluteUri.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
