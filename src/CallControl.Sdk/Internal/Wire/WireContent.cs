using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CallControl.Sdk.Internal.Wire;

/// <summary>
/// A request body serialized once per operation with source-generated metadata; each attempt wraps the same bytes
/// in a fresh <see cref="HttpContent"/> (a content cannot be sent twice). Handing Refit ready content skips its
/// serializer pipeline, which cost more than the rest of the SDK together (docs/benchmarks.md).
/// </summary>
internal sealed class WireContent
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly byte[] _utf8;

    private WireContent(byte[] utf8) => _utf8 = utf8;

    internal static WireContent Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => new(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));

    internal HttpContent CreateContent()
    {
        var content = new ByteArrayContent(_utf8);
        content.Headers.ContentType = Json;
        return content;
    }
}
