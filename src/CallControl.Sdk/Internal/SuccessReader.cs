using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CallControl.Sdk.Internal;

/// <summary>
/// Reads the bodies of success answers, always bounded. A command that succeeded never turns into an exception here
/// (its effect happened; a retry could repeat it). A query whose answer cannot be read fails with a typed exception.
/// </summary>
internal static class SuccessReader
{
    /// <summary>The most bytes of a query's answer the client reads: 1 MiB (a user has a handful of calls and at most 60 history records).</summary>
    internal const int MaxQueryBodyBytes = 1024 * 1024;

    /// <summary>Reads a command's answer body, or yields null when it is empty or unreadable (never throws).</summary>
    internal static async ValueTask<T?> TryReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var (bytes, truncated) = await BoundedBody.ReadAsync(response.Content, CallControlDefaults.MaxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
            if (bytes.Length == 0 || truncated)
            {
                return null;
            }

            return JsonSerializer.Deserialize(bytes, typeInfo);
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException or InvalidOperationException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads a query's answer; an empty, oversized, non-JSON or wrongly shaped body is a <see cref="CallControlException"/>.</summary>
    internal static async ValueTask<T> ReadQueryAsync<T>(Answer answer, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        string problem;
        Exception? inner = null;
        try
        {
            // Read inside the attempt (so its timeout covered the read); the response is only read here when it was not.
            var (bytes, truncated) = answer.QueryBody ?? await BoundedBody.ReadAsync(answer.Response.Content, MaxQueryBodyBytes, cancellationToken).ConfigureAwait(false);
            if (truncated)
            {
                problem = $"the body is larger than {MaxQueryBodyBytes / 1024} KiB";
            }
            else if (bytes.Length == 0)
            {
                problem = "the body is empty";
            }
            else if (JsonSerializer.Deserialize(bytes, typeInfo) is { } value)
            {
                return value;
            }
            else
            {
                problem = "the body is JSON null";
            }
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException or InvalidOperationException)
        {
            problem = ex is JsonException ? "the body is not the expected JSON" : "the body could not be read";
            inner = ex;
        }

        throw ErrorMapper.UnreadableAnswer(answer.Operation, answer.Response, problem, answer.TrackingId, answer.Attempts, inner);
    }
}
