using System.Buffers;

namespace CallControl.Sdk.Internal;

/// <summary>Reads at most a fixed number of bytes of a response body, so a huge or endless body cannot exhaust memory.</summary>
internal static class BoundedBody
{
    /// <returns>The bytes read (at most <paramref name="maxBytes"/>) and whether the body was longer.</returns>
    internal static async ValueTask<(byte[] Bytes, bool Truncated)> ReadAsync(HttpContent? content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content is null || content.Headers.ContentLength == 0)
        {
            return ([], false);
        }

        var initial = content.Headers.ContentLength is long declared && declared <= maxBytes ? (int)declared + 1 : Math.Min(maxBytes + 1, 4096);
        var rented = ArrayPool<byte>.Shared.Rent(initial);
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var streamScope = stream.ConfigureAwait(false);
            var length = 0;
            while (length <= maxBytes)
            {
                if (length == rented.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, rented.Length * 2));
                    rented.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(rented);
                    rented = bigger;
                }

                var read = await stream.ReadAsync(rented.AsMemory(length, Math.Min(rented.Length, maxBytes + 1) - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            var truncated = length > maxBytes;
            return (rented.AsSpan(0, Math.Min(length, maxBytes)).ToArray(), truncated);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
