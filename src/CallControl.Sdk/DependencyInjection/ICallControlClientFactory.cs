namespace CallControl.Sdk;

/// <summary>
/// Gives the <see cref="CallControlClient"/> of a registration (<c>AddCallControlClient(name, ...)</c>), or a client
/// for one user of it. Registered by every <c>AddCallControlClient</c> overload.
/// </summary>
public interface ICallControlClientFactory
{
    /// <summary>
    /// Gets the client of a registration: one per name, shared by the whole app, ended with the service provider
    /// (its <see cref="CallControlClient.Dispose()"/> does nothing). The unnamed registration is
    /// <c>Options.DefaultName</c> (the empty string).
    /// </summary>
    /// <param name="name">The name given to <c>AddCallControlClient</c>.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">No client is registered under <paramref name="name"/>.</exception>
    /// <exception cref="ArgumentException">The registration's options are invalid; the message names each setting.</exception>
    CallControlClient CreateClient(string name);

    /// <summary>
    /// Creates a client for one user of a registration: the registration's options, HttpClient pipeline and
    /// connection pool, that user's tokens, and a rate-limit gate of its own (Webex limits each token separately, so
    /// a 429 for one user never delays another). Cheap enough for one per user; dispose it when the user is done
    /// (the shared connection pool stays).
    /// </summary>
    /// <param name="name">The name given to <c>AddCallControlClient</c>.</param>
    /// <param name="tokens">The user's token provider; it replaces the registration's token.</param>
    /// <returns>A new client; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tokens"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">No client is registered under <paramref name="name"/>.</exception>
    CallControlClient CreateClient(string name, CallControlTokenProvider tokens);
}
