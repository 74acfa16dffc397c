using System.Text.Json;

namespace CallControl.Sdk.Internal;

/// <summary>The conference requests' bodies, written directly (no reflection, safe for Native AOT).</summary>
internal static class ConferenceBodies
{
    internal static byte[] Write(Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            fields(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    internal static void Optional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
