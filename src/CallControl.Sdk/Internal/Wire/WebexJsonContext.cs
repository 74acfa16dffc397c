using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

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

    // A nested holder: static initializers of the two halves of this partial class run in no defined order.
    private static class WireHolder
    {
        internal static readonly WebexJsonContext Instance = new(new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
