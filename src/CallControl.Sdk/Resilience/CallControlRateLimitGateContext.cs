using Microsoft.Extensions.Logging;

namespace CallControl.Sdk;

/// <summary>What a client tells the rate-limit gate it attaches to (<see cref="CallControlRateLimitGate.OnAttached"/>).</summary>
public sealed class CallControlRateLimitGateContext
{
    internal CallControlRateLimitGateContext(TimeProvider timeProvider, ILoggerFactory? loggerFactory, string? tokenOwnerId, RateLimitPacingOptions pacing)
    {
        TimeProvider = timeProvider;
        LoggerFactory = loggerFactory;
        TokenOwnerId = tokenOwnerId;
        Pacing = pacing;
    }

    /// <summary>Gets the client's clock (<see cref="CallControlClientOptions.TimeProvider"/>).</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the client's logger factory, or <see langword="null"/> when it does not log.</summary>
    public ILoggerFactory? LoggerFactory { get; }

    /// <summary>
    /// Gets an identifier of the token owner for a client with a fixed <see cref="CallControlClientOptions.AccessToken"/>:
    /// 64 hex digits of a SHA-256 of the token (domain-separated), from which the token cannot be recovered.
    /// <see langword="null"/> for a client whose tokens come from a <see cref="CallControlTokenProvider"/> (they change,
    /// so the gate must be told whose they are).
    /// </summary>
    public string? TokenOwnerId { get; }

    /// <summary>Gets the client's pacing settings (<see cref="CallControlRetryOptions.Pacing"/>), for a gate that learns a pace the same way.</summary>
    public RateLimitPacingOptions Pacing { get; }
}
