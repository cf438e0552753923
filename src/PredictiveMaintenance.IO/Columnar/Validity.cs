namespace PredictiveMaintenance.IO;

/// <summary>
/// Which rows of a column hold a value, in the Arrow layout (one bit per row, least significant bit first, set when the
/// row has a value) that Arrow arrays and DataFrame columns share; empty when every row has one.
/// </summary>
internal readonly struct Validity
{
    private readonly ReadOnlyMemory<byte> _bits;
    private readonly int _offset;

    /// <summary>A bitmap whose bit <paramref name="offset"/> belongs to row 0.</summary>
    public Validity(ReadOnlyMemory<byte> bits, int offset = 0)
    {
        _bits = bits;
        _offset = offset;
    }

    /// <summary>Whether some rows may be null; when false, every row has a value.</summary>
    public bool HasNulls => !_bits.IsEmpty;

    /// <summary>The rows from <paramref name="start"/> on: a validity whose row 0 is this one's row <paramref name="start"/>.</summary>
    public Validity Slice(int start) => HasNulls ? new Validity(_bits, _offset + start) : default;

    /// <summary>Marks the rows <c>[start, start + missing.Length)</c> that have no value; leaves the others as they are.</summary>
    public void MarkNulls(int start, Span<bool> missing)
    {
        if (!HasNulls)
        {
            return;
        }

        ReadOnlySpan<byte> bits = _bits.Span;
        for (int i = 0; i < missing.Length; i++)
        {
            int bit = _offset + start + i;
            if ((bits[bit >> 3] & (1 << (bit & 7))) == 0)
            {
                missing[i] = true;
            }
        }
    }

    /// <summary>Whether row <paramref name="row"/> has a value.</summary>
    public bool IsValid(int row)
    {
        if (!HasNulls)
        {
            return true;
        }

        int bit = _offset + row;
        return (_bits.Span[bit >> 3] & (1 << (bit & 7))) != 0;
    }

    /// <summary>Builds the bitmap of Parquet definition levels: a row has a value when its level is the column's maximum.</summary>
    public static Validity FromDefinitionLevels(ReadOnlySpan<int> levels, int maxLevel, byte[] bits)
    {
        Array.Clear(bits, 0, (levels.Length + 7) >> 3);
        for (int i = 0; i < levels.Length; i++)
        {
            if (levels[i] == maxLevel)
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        return new Validity(bits);
    }
}
