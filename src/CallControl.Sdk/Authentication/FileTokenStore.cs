using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CallControl.Sdk;

/// <summary>
/// A <see cref="CallControlTokenStore"/> in a folder: one JSON file per credential (named by a hash of its key), written
/// atomically, readable only by the current user on Unix (mode 0600); the refresh lease is a file created exclusively.
/// It survives restarts and serves every process on one machine (a worker and its restarts, several workers sharing a
/// volume). The tokens are stored in clear: keep the folder as private as the secrets in your configuration.
/// </summary>
public sealed class FileTokenStore : CallControlTokenStore
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _directory;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a store in <paramref name="directory"/> (created when missing).</summary>
    /// <param name="directory">The folder for the token files.</param>
    /// <param name="timeProvider">The clock leases expire on; by default the system's.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    public FileTokenStore(string directory, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Path.GetFullPath(directory);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the folder the store writes to.</summary>
    public string Directory => _directory;

    /// <inheritdoc/>
    public override async ValueTask<StoredTokens?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(PathOf(key, ".json"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            var refresh = root.GetProperty("refresh_token").GetString();
            var access = root.TryGetProperty("access_token", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            var expires = root.TryGetProperty("expires_at", out var e) && e.TryGetInt64(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MinValue;
            return string.IsNullOrWhiteSpace(refresh) ? null : new StoredTokens(refresh, access, expires);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"The token file for this credential in {_directory} is not a token store entry; delete it to start from the configured refresh token.");
        }
    }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(string key, StoredTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var target = PathOf(key, ".json");
        var temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("refresh_token", tokens.RefreshToken);
            if (tokens.AccessToken is { } access)
            {
                writer.WriteString("access_token", access);
                writer.WriteNumber("expires_at", tokens.AccessTokenExpiresAt.ToUnixTimeMilliseconds());
            }

            writer.WriteEndObject();
        }

        try
        {
            var file = Create(temporary, FileMode.CreateNew);
            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, target, overwrite: true); // readers see the old file or the new one, never half of one
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <inheritdoc/>
    public override async ValueTask<bool> TryAcquireLeaseAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var path = PathOf(key, ".lease");
        var now = _timeProvider.GetUtcNow();
        var held = await ReadLeaseAsync(path, cancellationToken).ConfigureAwait(false);
        if (held is { } lease && lease.Owner != owner && now < lease.Until)
        {
            return false;
        }

        if (held is not null)
        {
            File.Delete(path); // ours, or expired
        }

        try
        {
            var file = Create(path, FileMode.CreateNew);
            await using var _ = file.ConfigureAwait(false);
            var line = Encoding.UTF8.GetBytes(owner + "\n" + (now + duration).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            await file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false; // another process created it first
        }
    }

    /// <inheritdoc/>
    public override async ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        var path = PathOf(key, ".lease");
        if (await ReadLeaseAsync(path, cancellationToken).ConfigureAwait(false) is { } lease && lease.Owner == owner)
        {
            File.Delete(path);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"FileTokenStore ({_directory})";

    private async Task<(string Owner, DateTimeOffset Until)?> ReadLeaseAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var parts = text.Split('\n');
        return parts.Length == 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var until)
            ? (parts[0], DateTimeOffset.FromUnixTimeMilliseconds(until))
            : (string.Empty, DateTimeOffset.MinValue); // half written or foreign: expired
    }

    private FileStream Create(string path, FileMode mode)
    {
        System.IO.Directory.CreateDirectory(_directory);
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        return new FileStream(path, options);
    }

    // A hash, not the key: keys hold client and organization ids, which need not be valid or harmless file names.
    private string PathOf(string key, string extension)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Path.Combine(_directory, "webex-tokens-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + extension);
    }
}
