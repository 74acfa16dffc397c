using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CallControl.Sdk.Internal.Wire;

/// <summary>
/// Source-generated System.Text.Json serializers for the bodies the SDK sends. A context of their own, apart from the
/// answers' (<see cref="WebexJsonContext"/>): a context's type lookup names every type it holds, so a process that only
/// sends commands would otherwise load every answer's type too.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 32)]
[JsonSerializable(typeof(TransferBody))]
[JsonSerializable(typeof(CommandBody))]
[JsonSerializable(typeof(WebhookRequestBody))]
internal sealed partial class WebexRequestJsonContext : JsonSerializerContext
{
    /// <summary>
    /// A request body's bytes: the generated serializer of <paramref name="typeInfo"/> (from <c>Default</c>, whose
    /// fast path a context with options of its own cannot use) into a writer with the relaxed encoder. The default
    /// encoder escapes '+' and '@' (as \u002B), which is valid JSON but not the documented form of a destination such
    /// as <c>tel:+12223334444</c>; these bodies go to an API, never into HTML, so the relaxed encoder is safe and
    /// sends destinations as written.
    /// </summary>
    internal static byte[] WriteBody<T>(T body, JsonTypeInfo<T> typeInfo)
    {
        var writer = t_bodyWriter ??= new BodyWriter();
        try
        {
            JsonSerializer.Serialize(writer.Json, body, typeInfo);
            writer.Json.Flush();
            return writer.Buffer.WrittenSpan.ToArray();
        }
        finally
        {
            writer.Buffer.ResetWrittenCount();
            writer.Json.Reset();
        }
    }

    // One writer per thread, reused: serializing a body calls no code of the SDK's, so it is never re-entered.
    [ThreadStatic]
    private static BodyWriter? t_bodyWriter;

    private sealed class BodyWriter
    {
        internal BodyWriter()
        {
            Json = new Utf8JsonWriter(Buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = Default.Options.MaxDepth });
        }

        internal ArrayBufferWriter<byte> Buffer { get; } = new(256);

        internal Utf8JsonWriter Json { get; }
    }
}
