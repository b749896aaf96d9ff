using System.Text;
using System.Text.Unicode;

namespace LocoformerVst.Vst3.Abi;

/// <summary>Reads and writes the fixed-size, NUL-terminated text fields of VST3 structs (char8 UTF-8 and char16 UTF-16),
/// truncating at a whole character instead of overrunning the field.</summary>
public static unsafe class TextFields
{
    // Arguments without a length are scanned up to this bound, never by a span that could read past their end.
    private const int MaxUnboundedLength = 4096;

    public static void WriteUtf8(byte* destination, int capacity, string text)
    {
        var span = new Span<byte>(destination, capacity);
        Utf8.FromUtf16(text, span[..^1], out _, out int written, replaceInvalidSequences: true, isFinalBlock: true);
        span[written..].Clear();
    }

    public static void WriteUtf16(char* destination, int capacity, string text)
    {
        var span = new Span<char>(destination, capacity);
        int length = Math.Min(text.Length, capacity - 1);
        // Never split a surrogate pair: a lone high surrogate at the end is not text.
        if (length > 0 && length < text.Length && char.IsHighSurrogate(text[length - 1]))
            length--;
        text.AsSpan(0, length).CopyTo(span);
        span[length..].Clear();
    }

    public static string ReadUtf8(byte* source, int capacity)
    {
        var span = new ReadOnlySpan<byte>(source, capacity);
        int end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }

    public static string ReadUtf16(char* source, int capacity)
    {
        var span = new ReadOnlySpan<char>(source, capacity);
        int end = span.IndexOf('\0');
        return new string(end < 0 ? span : span[..end]);
    }

    /// <summary>Reads a NUL-terminated UTF-16 string of unknown length (a TChar* argument), up to a sane bound.</summary>
    public static string ReadUtf16(char* source)
    {
        if (source == null)
            return "";
        int n = 0;
        while (n < MaxUnboundedLength && source[n] != '\0')
            n++;
        return new string(source, 0, n);
    }

    /// <summary>Reads a NUL-terminated C string (an FIDString or attribute ID).</summary>
    public static string ReadCString(byte* source) =>
        source == null ? "" : Encoding.UTF8.GetString(new ReadOnlySpan<byte>(source, StrLen(source)));

    private static int StrLen(byte* s)
    {
        int n = 0;
        while (n < MaxUnboundedLength && s[n] != 0)
            n++;
        return n;
    }
}
