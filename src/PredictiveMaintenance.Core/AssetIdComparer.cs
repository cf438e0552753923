namespace PredictiveMaintenance;

/// <summary>
/// Orders asset ids the way people number machines: runs of ASCII digits compare by numeric value
/// (<c>"2"</c> before <c>"10"</c>, <c>"valve1/2"</c> before <c>"valve1/10"</c>), everything else ordinally.
/// Ties in value (<c>"01"</c> and <c>"1"</c>) fall back to ordinal order, so the order is total and agrees with string equality.
/// </summary>
public sealed class AssetIdComparer : IComparer<string>
{
    private AssetIdComparer()
    {
    }

    /// <summary>The comparer's only instance.</summary>
    public static AssetIdComparer Instance { get; } = new();

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int endX = EndOfDigits(x, i), endY = EndOfDigits(y, j);
                int byValue = CompareDigitRuns(x.AsSpan(i, endX - i), y.AsSpan(j, endY - j));
                if (byValue != 0)
                {
                    return byValue;
                }

                i = endX;
                j = endY;
            }
            else
            {
                if (x[i] != y[j])
                {
                    return x[i].CompareTo(y[j]);
                }

                i++;
                j++;
            }
        }

        int byLength = (x.Length - i).CompareTo(y.Length - j);
        return byLength != 0 ? byLength : string.CompareOrdinal(x, y);
    }

    private static int EndOfDigits(string s, int start)
    {
        while (start < s.Length && char.IsAsciiDigit(s[start]))
        {
            start++;
        }

        return start;
    }

    private static int CompareDigitRuns(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        int byLength = a.Length.CompareTo(b.Length);
        return byLength != 0 ? byLength : a.SequenceCompareTo(b);
    }
}
