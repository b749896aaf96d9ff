using System.Buffers.Binary;

namespace LocoformerVst.Dsp.Audio;

/// <summary>
/// Walks a WAV file's RIFF chunks to learn the declared size of the data chunk. NAudio's reader silently shortens a
/// data chunk that runs past the end of the file, so truncation is detected here, before NAudio opens it.
/// </summary>
internal readonly record struct WavLayout(long DataOffset, long DataLength)
{
    /// <summary>Scans a seekable stream positioned anywhere; leaves it at position 0.</summary>
    public static WavLayout Scan(Stream stream, string fileName)
    {
        long fileLength = stream.Length;
        stream.Position = 0;
        Span<byte> header = stackalloc byte[12];
        if (ReadFully(stream, header) < 12)
        {
            throw new AudioFormatException(fileName, $"truncated WAV: the file has {fileLength} bytes, fewer than the 12-byte RIFF header");
        }

        bool hasFormat = false;
        long pos = 12;
        Span<byte> chunk = stackalloc byte[8];
        while (true)
        {
            stream.Position = pos;
            int got = ReadFully(stream, chunk);
            if (got < 8)
            {
                stream.Position = 0;
                string what = hasFormat ? "no 'data' chunk" : "no 'fmt ' or 'data' chunk";
                throw new AudioFormatException(fileName, $"malformed or truncated WAV: {what} before the end of the file at byte {fileLength}");
            }

            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            long body = pos + 8;
            if (chunk[..4].SequenceEqual("data"u8))
            {
                stream.Position = 0;
                if (!hasFormat)
                {
                    throw new AudioFormatException(fileName, "malformed WAV: the 'data' chunk comes before any 'fmt ' chunk");
                }

                long available = fileLength - body;
                if (size > available)
                {
                    throw new AudioFormatException(fileName,
                        $"truncated WAV: the data chunk declares {size} bytes but only {available} follow (file cut short?)");
                }

                return new WavLayout(body, size);
            }

            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                hasFormat = true;
            }

            // RIFF chunks are padded to an even size.
            long next = body + size + (size & 1);
            if (body + size > fileLength)
            {
                stream.Position = 0;
                throw new AudioFormatException(fileName,
                    $"truncated WAV: chunk '{System.Text.Encoding.ASCII.GetString(chunk[..4])}' at byte {pos} declares {size} bytes, past the end of the file ({fileLength} bytes)");
            }

            pos = next;
        }
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
