using System.Buffers.Binary;
using System.Globalization;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>Loads deletion vectors (PROTOCOL.md, Deletion Vectors, Deletion Vector Format, Deletion Vector File Storage Format).</summary>
internal static class DeletionVectorReader
{
    private const int PortableMagic = 1681511377;
    private const int NativeMagic = 1681511376;
    private const int SerialCookieNoRuns = 12346;
    private const int SerialCookie = 12347;
    private const int NoOffsetThreshold = 4;

    /// <summary>Returns the deleted row indexes of a data file.</summary>
    public static async Task<HashSet<long>> LoadAsync(ObjectStore store, DeletionVectorDescriptor descriptor, CancellationToken cancellationToken)
    {
        byte[] bitmap;
        string source;
        switch (descriptor.StorageType)
        {
            case "i":
                source = "inline deletion vector";
                bitmap = Z85.Decode(descriptor.PathOrInlineDv, source);
                break;
            case "u":
            case "p":
                string key = descriptor.StorageType == "u" ? Key(descriptor.PathOrInlineDv) : DeltaPaths.ToKey(descriptor.PathOrInlineDv);
                source = store.Describe(key);
                bitmap = await ReadStoredAsync(store, key, descriptor, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new DeltaProtocolException($"Deletion vector storage type '{descriptor.StorageType}' is not one of 'u', 'i', 'p' (PROTOCOL.md, Deletion Vector Descriptor Schema).");
        }

        HashSet<long> rows = ParseRoaringBitmapArray(bitmap, source);
        return rows.Count == descriptor.Cardinality
            ? rows
            : throw new DeltaProtocolException(source, null, FormattableString.Invariant($"the deletion vector holds {rows.Count} rows but its descriptor says cardinality {descriptor.Cardinality}."));
    }

    /// <summary>The store key of a <c>u</c> vector: a 20-character Z85 UUID, after an optional random prefix directory.</summary>
    public static string Key(string pathOrInlineDv)
    {
        if (pathOrInlineDv.Length < 20)
        {
            throw new DeltaProtocolException($"Deletion vector id '{pathOrInlineDv}' is shorter than the 20-character encoded UUID.");
        }

        string prefix = pathOrInlineDv[..^20];
        byte[] uuid = Z85.Decode(pathOrInlineDv[^20..], "deletion vector id");
        string text = Convert.ToHexStringLower(uuid);
        string name = string.Create(CultureInfo.InvariantCulture, $"deletion_vector_{text[..8]}-{text[8..12]}-{text[12..16]}-{text[16..20]}-{text[20..]}.bin");
        return prefix.Length == 0 ? name : prefix + "/" + name;
    }

    private static async Task<byte[]> ReadStoredAsync(ObjectStore store, string key, DeletionVectorDescriptor descriptor, CancellationToken cancellationToken)
    {
        string path = store.Describe(key);
        Stream stream;
        try
        {
            stream = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException e)
        {
            throw new DeltaProtocolException(path, null, "the deletion vector file does not exist.", e);
        }

        await using (stream.ConfigureAwait(false))
        {
            stream.Position = descriptor.Offset ?? 1;
            var header = new byte[4];
            await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
            int size = BinaryPrimitives.ReadInt32BigEndian(header);
            if (size != descriptor.SizeInBytes)
            {
                throw new DeltaProtocolException(path, null, FormattableString.Invariant($"the deletion vector at offset {stream.Position - 4} has {size} bytes but its descriptor says {descriptor.SizeInBytes}."));
            }

            var bitmap = new byte[size];
            await stream.ReadExactlyAsync(bitmap, cancellationToken).ConfigureAwait(false);
            var checksum = new byte[4];
            await stream.ReadExactlyAsync(checksum, cancellationToken).ConfigureAwait(false);
            return BinaryPrimitives.ReadUInt32BigEndian(checksum) == Crc32.Compute(bitmap)
                ? bitmap
                : throw new DeltaProtocolException(path, null, "the deletion vector's CRC-32 does not match its bytes; the file is corrupt.");
        }
    }

    /// <summary>
    /// Parses a RoaringBitmapArray: 32-bit Roaring bitmaps keyed by the high 32 bits of row indexes. The portable format
    /// (little-endian magic 1681511377, a bucket count and an explicit key per bitmap) is what Delta writers store; the
    /// native format (big-endian magic 1681511376, sizes, and bitmap i holding key i) appears in the protocol's inline example.
    /// </summary>
    public static HashSet<long> ParseRoaringBitmapArray(ReadOnlySpan<byte> data, string source)
    {
        try
        {
            var rows = new HashSet<long>();
            if (BinaryPrimitives.ReadInt32LittleEndian(data) == PortableMagic)
            {
                long buckets = BinaryPrimitives.ReadInt64LittleEndian(data[4..]);
                int at = 12;
                for (long b = 0; b < buckets; b++)
                {
                    long high = (long)BinaryPrimitives.ReadUInt32LittleEndian(data[at..]) << 32;
                    at += 4;
                    at += ReadRoaring32(data[at..], high, rows);
                }
            }
            else if (BinaryPrimitives.ReadInt32BigEndian(data) == NativeMagic)
            {
                int bitmaps = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                int at = 8;
                for (int b = 0; b < bitmaps; b++)
                {
                    int size = BinaryPrimitives.ReadInt32BigEndian(data[at..]);
                    at += 4;
                    ReadRoaring32(data.Slice(at, size), (long)b << 32, rows);
                    at += size;
                }
            }
            else
            {
                throw new DeltaProtocolException(source, null, FormattableString.Invariant($"the deletion vector does not start with a RoaringBitmapArray magic number ({PortableMagic} or {NativeMagic})."));
            }

            return rows;
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new DeltaProtocolException(source, null, "the deletion vector is truncated.", e);
        }
    }

    /// <summary>Reads one portable 32-bit Roaring bitmap (RoaringFormatSpec) and returns the bytes it used.</summary>
    private static int ReadRoaring32(ReadOnlySpan<byte> data, long high, HashSet<long> rows)
    {
        int cookie = BinaryPrimitives.ReadInt32LittleEndian(data);
        int at = 4;
        int containers;
        ReadOnlySpan<byte> runFlags = default;
        bool hasRuns = (cookie & 0xFFFF) == SerialCookie;
        if (hasRuns)
        {
            containers = (cookie >>> 16) + 1;
            runFlags = data.Slice(at, (containers + 7) / 8);
            at += runFlags.Length;
        }
        else if (cookie == SerialCookieNoRuns)
        {
            containers = BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
            at += 4;
        }
        else
        {
            throw new InvalidDataException(FormattableString.Invariant($"Unknown Roaring bitmap cookie {cookie}."));
        }

        var keys = new int[containers];
        var cardinalities = new int[containers];
        for (int c = 0; c < containers; c++)
        {
            keys[c] = BinaryPrimitives.ReadUInt16LittleEndian(data[at..]);
            cardinalities[c] = BinaryPrimitives.ReadUInt16LittleEndian(data[(at + 2)..]) + 1;
            at += 4;
        }

        if (!hasRuns || containers >= NoOffsetThreshold)
        {
            at += 4 * containers;
        }

        for (int c = 0; c < containers; c++)
        {
            long baseValue = high | ((long)keys[c] << 16);
            if (hasRuns && (runFlags[c / 8] & (1 << (c % 8))) != 0)
            {
                int runs = BinaryPrimitives.ReadUInt16LittleEndian(data[at..]);
                at += 2;
                for (int r = 0; r < runs; r++)
                {
                    int start = BinaryPrimitives.ReadUInt16LittleEndian(data[at..]);
                    int length = BinaryPrimitives.ReadUInt16LittleEndian(data[(at + 2)..]);
                    at += 4;
                    for (int v = start; v <= start + length; v++)
                    {
                        rows.Add(baseValue | (uint)v);
                    }
                }
            }
            else if (cardinalities[c] > 4096)
            {
                for (int word = 0; word < 1024; word++)
                {
                    ulong bits = BinaryPrimitives.ReadUInt64LittleEndian(data[(at + (8 * word))..]);
                    while (bits != 0)
                    {
                        int bit = System.Numerics.BitOperations.TrailingZeroCount(bits);
                        rows.Add(baseValue | (uint)((word * 64) + bit));
                        bits &= bits - 1;
                    }
                }

                at += 8192;
            }
            else
            {
                for (int v = 0; v < cardinalities[c]; v++)
                {
                    rows.Add(baseValue | BinaryPrimitives.ReadUInt16LittleEndian(data[(at + (2 * v))..]));
                }

                at += 2 * cardinalities[c];
            }
        }

        return at;
    }
}

/// <summary>Z85 (ZeroMQ RFC 32) decoding, which Delta uses for deletion vector ids and inline vectors.</summary>
internal static class Z85
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
    private static readonly sbyte[] Values = BuildValues();

    public static byte[] Decode(string text, string what)
    {
        if (text.Length % 5 != 0)
        {
            throw new DeltaProtocolException(FormattableString.Invariant($"The {what} '{text}' is not Z85: its length {text.Length} is not a multiple of 5."));
        }

        var bytes = new byte[text.Length / 5 * 4];
        for (int block = 0; block < text.Length / 5; block++)
        {
            uint value = 0;
            for (int i = 0; i < 5; i++)
            {
                char c = text[(block * 5) + i];
                int digit = c < 128 ? Values[c] : -1;
                if (digit < 0)
                {
                    throw new DeltaProtocolException($"The {what} '{text}' is not Z85: '{c}' is not in its alphabet.");
                }

                value = unchecked((value * 85) + (uint)digit);
            }

            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(block * 4), value);
        }

        return bytes;
    }

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (int i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}

/// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of stored deletion vectors.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
