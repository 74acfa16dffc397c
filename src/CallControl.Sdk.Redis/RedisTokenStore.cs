using System.Globalization;
using StackExchange.Redis;

namespace CallControl.Sdk.Redis;

/// <summary>
/// A <see cref="CallControlTokenStore"/> in Redis, for every instance of an app that shares one Webex credential (an
/// integration's refresh token or a Service App's): the tokens in one hash per credential, and the refresh lease a key
/// set only when absent (<c>SET NX PX</c>) and deleted only by its owner. One instance refreshes at a time; the others
/// find its tokens in the hash, so no instance is left holding a rotated-out refresh token, and a restarted instance
/// starts from the current pair. Register it with <c>services.AddRedisTokenStore()</c> to serve every configured
/// credential, or set it as <see cref="WebexRefreshTokenProviderOptions.TokenStore"/>.
/// </summary>
/// <remarks>
/// The hash holds the refresh token in clear, as the configuration did: protect Redis as you protect that (ACLs, TLS).
/// The provider survives a Redis outage: it refreshes alone with the tokens it holds, logging event 17.
/// </remarks>
public sealed class RedisTokenStore : CallControlTokenStore
{
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;
    private readonly int _database;

    /// <summary>Creates a store over a Redis connection.</summary>
    /// <param name="redis">The connection (shared with the rest of the app, as StackExchange.Redis intends).</param>
    /// <param name="keyPrefix">The prefix of the store's keys (<c>{keyPrefix}{credential key}</c> and <c>…:lease</c>).</param>
    /// <param name="database">The Redis database number; -1 for the multiplexer's default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="redis"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="keyPrefix"/> is empty.</exception>
    public RedisTokenStore(IConnectionMultiplexer redis, string keyPrefix = "callcontrol:tokens:", int database = -1)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        (_redis, _prefix, _database) = (redis, keyPrefix, database);
    }

    /// <inheritdoc/>
    public override async ValueTask<StoredTokens?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var values = await Db.HashGetAsync(KeyOf(key), ["refresh", "access", "expires"]).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (values[0].IsNullOrEmpty)
        {
            return null;
        }

        var expires = long.TryParse((string?)values[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MinValue;
        return new StoredTokens((string)values[0]!, (string?)values[1], expires);
    }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(string key, StoredTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var hash = KeyOf(key);
        var transaction = Db.CreateTransaction();
        _ = transaction.KeyDeleteAsync(hash);
        _ = transaction.HashSetAsync(hash,
        [
            new("refresh", tokens.RefreshToken),
            new("access", tokens.AccessToken ?? string.Empty),
            new("expires", tokens.AccessTokenExpiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
        ]);
        await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async ValueTask<bool> TryAcquireLeaseAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var lease = KeyOf(key) + ":lease";
        if (await Db.StringSetAsync(lease, owner, duration, When.NotExists).WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return await Db.StringGetAsync(lease).WaitAsync(cancellationToken).ConfigureAwait(false) == owner;
    }

    /// <inheritdoc/>
    public override async ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken)
        => await Db.ScriptEvaluateAsync(ReleaseScript, [(RedisKey)(KeyOf(key) + ":lease")], [owner]).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public override string ToString() => $"RedisTokenStore ({_prefix}*)";

    private IDatabase Db => _redis.GetDatabase(_database);

    private string KeyOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _prefix + key;
    }
}
