using System.Buffers.Binary;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>The exact bounds, in microseconds since the Unix epoch, of one timestamp leaf column in one row group.</summary>
/// <param name="RowGroup">The row group, 0-based.</param>
/// <param name="Leaf">The leaf column, 0-based in schema (depth-first) order, as the row group's column chunks are.</param>
/// <param name="Min">The smallest value written.</param>
/// <param name="Max">The largest value written.</param>
internal readonly record struct TimestampChunkBounds(int RowGroup, int Leaf, long Min, long Max);

/// <summary>Collects the smallest and largest microsecond value written to one timestamp column chunk.</summary>
internal sealed class TimestampBounds
{
    private long _min = long.MaxValue;
    private long _max = long.MinValue;
    private bool _any;

    public void Add(long micros)
    {
        _any = true;
        _min = Math.Min(_min, micros);
        _max = Math.Max(_max, micros);
    }

    public TimestampChunkBounds? ToChunk(int rowGroup, int leaf) => _any ? new TimestampChunkBounds(rowGroup, leaf, _min, _max) : null;
}

/// <summary>
/// Corrects, in place, the min/max statistics of the <c>TIMESTAMP(MICROS)</c> columns of a Parquet file that Parquet.Net
/// has just written. Parquet.Net 6.1 encodes those bounds in milliseconds while the values are microseconds
/// (aloneguid/parquet-dotnet#769), so an engine that trusts statistics (DuckDB) skips row groups that hold matching rows
/// and answers top-N queries wrongly. Each bound is an 8-byte PLAIN <c>INT64</c> either way, so overwriting it with the
/// exact microsecond value moves no offset in the file; the column chunk statistics of the footer and those of each data
/// page header are both corrected.
/// </summary>
/// <remarks>
/// The footer and page headers are Thrift compact-protocol structs (parquet-format, parquet.thrift), walked here only far
/// enough to find the <c>Statistics</c> of the chunks concerned: fields 1 (<c>max</c>), 2 (<c>min</c>), 5
/// (<c>max_value</c>) and 6 (<c>min_value</c>).
/// </remarks>
internal static class TimestampStatisticsPatch
{
    private const int FooterTailLength = 8;

    /// <summary>Overwrites the bounds of the listed chunks; the stream must be readable, writable and seekable.</summary>
    /// <exception cref="InvalidDataException">The file is not laid out as Parquet.Net writes it.</exception>
    public static async Task ApplyAsync(Stream file, IReadOnlyList<TimestampChunkBounds> bounds, CancellationToken cancellationToken)
    {
        if (bounds.Count == 0)
        {
            return;
        }

        byte[] tail = new byte[FooterTailLength];
        file.Position = file.Length - FooterTailLength;
        await file.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (!tail.AsSpan(4).SequenceEqual("PAR1"u8) || footerLength <= 0 || footerLength > file.Length - FooterTailLength - 4)
        {
            throw new InvalidDataException("The Parquet file just written does not end with a footer length and PAR1.");
        }

        long footerStart = file.Length - FooterTailLength - footerLength;
        byte[] footer = new byte[footerLength];
        file.Position = footerStart;
        await file.ReadExactlyAsync(footer, cancellationToken).ConfigureAwait(false);
        Dictionary<(int RowGroup, int Leaf), ChunkLayout> chunks = ReadChunks(footer);

        foreach (TimestampChunkBounds bound in bounds)
        {
            if (!chunks.TryGetValue((bound.RowGroup, bound.Leaf), out ChunkLayout? chunk))
            {
                throw new InvalidDataException(FormattableString.Invariant($"The Parquet footer has no column chunk {bound.Leaf} in row group {bound.RowGroup}."));
            }

            Overwrite(footer, chunk.Statistics, bound);
            long position = chunk.Start;
            while (position < chunk.End)
            {
                byte[] header = new byte[(int)Math.Min(MaxPageHeaderLength, chunk.End - position)];
                file.Position = position;
                await file.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
                PageLayout page = ReadPageHeader(header);
                if (page.Statistics.Count > 0)
                {
                    Overwrite(header, page.Statistics, bound);
                    file.Position = position;
                    await file.WriteAsync(header.AsMemory(0, page.HeaderLength), cancellationToken).ConfigureAwait(false);
                }

                position += page.HeaderLength + page.CompressedSize;
            }
        }

        file.Position = footerStart;
        await file.WriteAsync(footer, cancellationToken).ConfigureAwait(false);
        file.Position = file.Length;
    }

    /// <summary>A page header with statistics of two 8-byte bounds is well under this; longer ones are not Parquet.Net's.</summary>
    private const int MaxPageHeaderLength = 1024;

    private static void Overwrite(byte[] buffer, List<(int FieldId, int Offset, int Length)> statistics, TimestampChunkBounds bound)
    {
        foreach ((int fieldId, int offset, int length) in statistics)
        {
            if (length != sizeof(long))
            {
                throw new InvalidDataException(FormattableString.Invariant($"A timestamp bound in the Parquet file is {length} bytes long, not 8."));
            }

            // Fields 1 and 5 are the maxima, 2 and 6 the minima.
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(offset, length), fieldId is 1 or 5 ? bound.Max : bound.Min);
        }
    }

    private static Dictionary<(int, int), ChunkLayout> ReadChunks(byte[] footer)
    {
        var chunks = new Dictionary<(int, int), ChunkLayout>();
        var reader = new CompactReader(footer, 0);
        reader.ReadStruct((ref CompactReader fileMetaData, short field, byte type) =>
        {
            if (field != 4 || type != CompactReader.List)
            {
                return false;
            }

            // FileMetaData.row_groups: list<RowGroup>
            int rowGroup = 0;
            fileMetaData.ReadList((ref CompactReader groups, byte _) =>
            {
                int group = rowGroup++;
                groups.ReadStruct((ref CompactReader rowGroupReader, short groupField, byte groupType) =>
                {
                    if (groupField != 1 || groupType != CompactReader.List)
                    {
                        return false;
                    }

                    // RowGroup.columns: list<ColumnChunk>
                    int leaf = 0;
                    rowGroupReader.ReadList((ref CompactReader columns, byte _) =>
                    {
                        var chunk = new ChunkLayout();
                        chunks[(group, leaf++)] = chunk;
                        columns.ReadStruct((ref CompactReader columnChunk, short chunkField, byte chunkType) =>
                        {
                            if (chunkField != 3 || chunkType != CompactReader.Struct)
                            {
                                return false;
                            }

                            ReadColumnMetaData(ref columnChunk, chunk);
                            return true;
                        });
                    });
                    return true;
                });
            });
            return true;
        });
        return chunks;
    }

    private static void ReadColumnMetaData(ref CompactReader reader, ChunkLayout chunk)
    {
        long dataPage = -1, dictionaryPage = -1, compressedSize = 0;
        reader.ReadStruct((ref CompactReader metaData, short field, byte type) =>
        {
            switch (field)
            {
                case 7 when type == CompactReader.I64:
                    compressedSize = metaData.ReadVarLong();
                    return true;
                case 9 when type == CompactReader.I64:
                    dataPage = metaData.ReadVarLong();
                    return true;
                case 11 when type == CompactReader.I64:
                    dictionaryPage = metaData.ReadVarLong();
                    return true;
                case 12 when type == CompactReader.Struct:
                    ReadStatistics(ref metaData, chunk.Statistics);
                    return true;
                default:
                    return false;
            }
        });
        chunk.Start = dictionaryPage >= 0 ? Math.Min(dictionaryPage, dataPage) : dataPage;
        chunk.End = chunk.Start + compressedSize;
    }

    private static PageLayout ReadPageHeader(byte[] header)
    {
        var statistics = new List<(int, int, int)>();
        int compressedSize = 0;
        var reader = new CompactReader(header, 0);
        reader.ReadStruct((ref CompactReader page, short field, byte type) =>
        {
            switch (field)
            {
                case 3 when type == CompactReader.I32:
                    compressedSize = (int)page.ReadVarLong();
                    return true;
                case 5 or 8 when type == CompactReader.Struct:
                    // DataPageHeader.statistics is field 5, DataPageHeaderV2.statistics field 8.
                    int statisticsField = field;
                    page.ReadStruct((ref CompactReader data, short dataField, byte dataType) =>
                    {
                        if (dataField != statisticsField || dataType != CompactReader.Struct)
                        {
                            return false;
                        }

                        ReadStatistics(ref data, statistics);
                        return true;
                    });
                    return true;
                default:
                    return false;
            }
        });
        return new PageLayout(reader.Position, compressedSize, statistics);
    }

    private static void ReadStatistics(ref CompactReader reader, List<(int, int, int)> bounds) =>
        reader.ReadStruct((ref CompactReader statistics, short field, byte type) =>
        {
            if (field is not (1 or 2 or 5 or 6) || type != CompactReader.Binary)
            {
                return false;
            }

            int length = statistics.ReadLength();
            bounds.Add((field, statistics.Position, length));
            statistics.Skip(length);
            return true;
        });

    private sealed class ChunkLayout
    {
        public long Start { get; set; }

        public long End { get; set; }

        public List<(int FieldId, int Offset, int Length)> Statistics { get; } = [];
    }

    private sealed record PageLayout(int HeaderLength, int CompressedSize, List<(int FieldId, int Offset, int Length)> Statistics);

    /// <summary>Handles one field of a struct; returns false to have the reader skip the field's value.</summary>
    private delegate bool FieldHandler(ref CompactReader reader, short field, byte type);

    /// <summary>Handles one element of a list, which it must read whole.</summary>
    private delegate void ElementHandler(ref CompactReader reader, byte elementType);

    /// <summary>A cursor over Thrift compact-protocol bytes (Thrift's compact protocol specification).</summary>
    private ref struct CompactReader(byte[] buffer, int position)
    {
        public const byte BooleanTrue = 1;
        public const byte BooleanFalse = 2;
        public const byte Byte = 3;
        public const byte I16 = 4;
        public const byte I32 = 5;
        public const byte I64 = 6;
        public const byte Double = 7;
        public const byte Binary = 8;
        public const byte List = 9;
        public const byte Set = 10;
        public const byte Map = 11;
        public const byte Struct = 12;

        private readonly byte[] _buffer = buffer;

        public int Position { get; private set; } = position;

        public void ReadStruct(FieldHandler handler)
        {
            short field = 0;
            while (true)
            {
                byte header = ReadByte();
                byte type = (byte)(header & 0x0F);
                if (type == 0)
                {
                    return;
                }

                int delta = header >> 4;
                field = delta != 0 ? (short)(field + delta) : (short)ZigZag(ReadVarULong());
                if (!handler(ref this, field, type))
                {
                    SkipValue(type);
                }
            }
        }

        public void ReadList(ElementHandler handler)
        {
            byte header = ReadByte();
            int count = header >> 4;
            if (count == 15)
            {
                count = checked((int)ReadVarULong());
            }

            byte elementType = (byte)(header & 0x0F);
            for (int i = 0; i < count; i++)
            {
                handler(ref this, elementType);
            }
        }

        /// <summary>Reads a zigzag-encoded integer (i16, i32 or i64).</summary>
        public long ReadVarLong() => ZigZag(ReadVarULong());

        /// <summary>Reads the unsigned length that precedes a binary value.</summary>
        public int ReadLength() => checked((int)ReadVarULong());

        public void Skip(int count)
        {
            if (count < 0 || Position + count > _buffer.Length)
            {
                throw Truncated();
            }

            Position += count;
        }

        private void SkipValue(byte type)
        {
            switch (type)
            {
                case BooleanTrue or BooleanFalse:
                    // In a struct the value is in the field header.
                    break;
                case Byte:
                    Skip(1);
                    break;
                case I16 or I32 or I64:
                    ReadVarULong();
                    break;
                case Double:
                    Skip(8);
                    break;
                case Binary:
                    Skip(ReadLength());
                    break;
                case List or Set:
                    ReadList((ref CompactReader r, byte element) => r.SkipElement(element));
                    break;
                case Map:
                    int entries = checked((int)ReadVarULong());
                    if (entries > 0)
                    {
                        byte types = ReadByte();
                        for (int i = 0; i < entries; i++)
                        {
                            SkipElement((byte)(types >> 4));
                            SkipElement((byte)(types & 0x0F));
                        }
                    }

                    break;
                case Struct:
                    ReadStruct(static (ref CompactReader _, short _, byte _) => false);
                    break;
                default:
                    throw new InvalidDataException(FormattableString.Invariant($"Unknown Thrift compact type {type} at byte {Position} of a Parquet header."));
            }
        }

        private void SkipElement(byte type)
        {
            if (type is BooleanTrue or BooleanFalse)
            {
                // Booleans inside collections take one byte each.
                Skip(1);
            }
            else
            {
                SkipValue(type);
            }
        }

        private byte ReadByte() => Position < _buffer.Length ? _buffer[Position++] : throw Truncated();

        private ulong ReadVarULong()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                byte b = ReadByte();
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw new InvalidDataException("A Thrift varint in a Parquet header is longer than 10 bytes.");
        }

        private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

        private readonly InvalidDataException Truncated() =>
            new(FormattableString.Invariant($"A Parquet header ends before its Thrift struct does (at byte {Position} of {_buffer.Length})."));
    }
}
