using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CallControl.Sdk.Testing;

/// <summary>The sandbox's JSON: bodies written as Webex writes them, its error body, ids, and reading a request's fields.</summary>
internal static class SandboxJson
{
    internal static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Webex's documented error body: a message, one error with a code, and the TrackingID.</summary>
    internal static async Task WriteErrorAsync(HttpContext context, int status, string message, string trackingId)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            writer.WriteStartArray("errors");
            writer.WriteStartObject();
            writer.WriteString("description", message);
            writer.WriteNumber("errorCode", status * 100);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteString("trackingId", trackingId);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>An id shaped like Webex's: base64 of a <c>ciscospark://</c> URI.</summary>
    internal static string NewId(string kind)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes($"ciscospark://us/{kind}/{Guid.NewGuid()}")).TrimEnd('=');

    internal static string? ReadString(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.Null ? null : value.GetString() : null;
}
