using Microsoft.AspNetCore.Http;

namespace CallControl.Sdk.Testing;

// The record of every request received, kept before anything reaches the client, so a test that awaits a call and
// then reads Requests always finds it.
public sealed partial class CallControlSandbox
{
    private readonly List<SandboxRequest> _requests = [];

    /// <summary>Gets a snapshot of every request received, in order.</summary>
    public IReadOnlyList<SandboxRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    private void Record(HttpRequest request, string body, int status, DateTimeOffset receivedAt)
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
        lock (_gate)
        {
            _requests.Add(entry);
        }
    }
}
