using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CallControl.Sdk.Internal.Wire;

/// <summary>Source-generated System.Text.Json metadata for every wire type: no reflection, safe for trimming and Native AOT.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    MaxDepth = 32)]
[JsonSerializable(typeof(TransferBody))]
[JsonSerializable(typeof(CommandBody))]
[JsonSerializable(typeof(CallCreatedBody))]
[JsonSerializable(typeof(ParkBody))]
[JsonSerializable(typeof(CallBody))]
[JsonSerializable(typeof(CallListBody))]
[JsonSerializable(typeof(HistoryListBody))]
[JsonSerializable(typeof(WebhookEventBody))]
[JsonSerializable(typeof(WebhookRequestBody))]
[JsonSerializable(typeof(WebhookBody))]
[JsonSerializable(typeof(WebhookListBody))]
internal sealed partial class WebexJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context the SDK uses on the wire. The default encoder escapes '+' and '@' (as \u002B), which is valid
    /// JSON but not the documented form of a destination such as <c>tel:+12223334444</c>; these bodies go to an
    /// API, never into HTML, so the relaxed encoder is safe and sends destinations as written.
    /// </summary>
    internal static WebexJsonContext Wire => WireHolder.Instance;

    /// <summary>
    /// A request body's bytes, exactly as <see cref="Wire"/> writes them: the generated serializer of
    /// <paramref name="typeInfo"/> (from <see cref="JsonSerializerContext"/> <c>Default</c>, whose fast path a context
    /// with options of its own cannot use) into a writer with <see cref="Wire"/>'s encoder. Cheaper on every call, and
    /// a new process builds no property metadata for a body it only writes.
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

    // A nested holder: static initializers of the two halves of this partial class run in no defined order.
    private static class WireHolder
    {
        internal static readonly WebexJsonContext Instance = new(new JsonSerializerOptions(Default.Options) { Encoder = WireEncoder });
    }

    private static JavaScriptEncoder WireEncoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private sealed class BodyWriter
    {
        internal BodyWriter()
        {
            Json = new Utf8JsonWriter(Buffer, new JsonWriterOptions { Encoder = WireEncoder, MaxDepth = Default.Options.MaxDepth });
        }

        internal ArrayBufferWriter<byte> Buffer { get; } = new(256);

        internal Utf8JsonWriter Json { get; }
    }
}
