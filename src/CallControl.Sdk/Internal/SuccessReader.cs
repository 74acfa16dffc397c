using System.Text.Json;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk.Internal;

/// <summary>Reads the bodies of success answers. A command that succeeded never turns into an exception here.</summary>
internal static class SuccessReader
{
    /// <summary>
    /// Reads <c>{"callId", "callSessionId"}</c> from a 201. An empty, non-JSON, oversized or unreadable body still
    /// means the command happened, so it yields missing ids rather than an exception a caller might answer with a retry.
    /// </summary>
    internal static async ValueTask<CallCreatedBody?> TryReadCallCreatedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var (bytes, truncated) = await BoundedBody.ReadAsync(response.Content, CallControlDefaults.MaxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
            if (bytes.Length == 0 || truncated)
            {
                return null;
            }

            return JsonSerializer.Deserialize(bytes, WebexJsonContext.Wire.CallCreatedBody);
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException or InvalidOperationException or OperationCanceledException)
        {
            return null;
        }
    }
}
