using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CallControl.Sdk.Http;

namespace CallControl.Sdk.Internal.Wire;

/// <summary>
/// A command's body serialized once per operation with source-generated metadata; each attempt wraps the same bytes
/// in a fresh <see cref="CommandContent"/> (a content cannot be sent twice, and it records the attempt's passes to
/// the transport). Handing Refit ready content skips its serializer pipeline (docs/benchmarks.md).
/// </summary>
internal sealed class WireContent
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly byte[] _utf8;

    private WireContent(byte[] utf8) => _utf8 = utf8;

    /// <summary>No body (a DELETE): still a content, so the send guard follows the command; it has no content type.</summary>
    internal static WireContent None { get; } = new([]);

    internal static WireContent Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => new(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));

    internal CommandContent CreateContent() => new(_utf8, _utf8.Length == 0 ? null : Json);
}
