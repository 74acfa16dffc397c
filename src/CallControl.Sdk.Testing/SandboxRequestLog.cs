using Microsoft.AspNetCore.Http;

namespace CallControl.Sdk.Testing;

/// <summary>
/// The record of every request received. A request is recorded before anything reaches the client, so a test that
/// awaits a call and then reads the log always finds it.
/// </summary>
internal sealed class SandboxRequestLog
{
    private readonly List<SandboxRequest> _requests = [];

    /// <summary>A snapshot of every request received, in order.</summary>
    internal IReadOnlyList<SandboxRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    internal void Record(HttpRequest request, string body, int status, DateTimeOffset receivedAt)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        var entry = new SandboxRequest
        {
            Method = request.Method,
            Path = request.Path.Value ?? string.Empty,
            ConnectionId = request.HttpContext.Connection.Id,
            Headers = headers,
            Body = body,
            StatusCode = status,
            ReceivedAt = receivedAt,
        };
        lock (_requests)
        {
            _requests.Add(entry);
        }
    }

    internal void Clear()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }
}
