namespace PredictiveMaintenance.Models.Torch;

/// <summary>Window extraction from normalized rows: windows end at a row and look back, repeating an asset's first row where history is short.</summary>
internal static class SlidingWindows
{
    /// <summary>The rows where training windows end: every row with a full window of history, and an asset's last row when it has fewer rows than a window.</summary>
    public static List<int> TrainingEnds(ReadOnlySpan<int> offsets, IEnumerable<int> assets, int window)
    {
        var ends = new List<int>();
        foreach (int asset in assets)
        {
            int start = offsets[asset];
            int end = offsets[asset + 1];
            for (int row = Math.Min(start + window - 1, end - 1); row < end; row++)
            {
                ends.Add(row);
            }
        }

        return ends;
    }

    /// <summary>Copies windows into <paramref name="destination"/> (window-major, then time, then channel).</summary>
    /// <param name="rows">Normalized values, <paramref name="channels"/> per row.</param>
    /// <param name="channels">Values per row.</param>
    /// <param name="assetStartOfRow">The first row of the asset each row belongs to.</param>
    /// <param name="ends">The last row of each window.</param>
    /// <param name="window">Rows per window.</param>
    /// <param name="destination">ends.Count × window × channels values.</param>
    public static void Copy(ReadOnlySpan<float> rows, int channels, ReadOnlySpan<int> assetStartOfRow, ReadOnlySpan<int> ends, int window, Span<float> destination)
    {
        for (int w = 0; w < ends.Length; w++)
        {
            int end = ends[w];
            int start = assetStartOfRow[end];
            Span<float> target = destination.Slice(w * window * channels, window * channels);
            for (int t = 0; t < window; t++)
            {
                int row = Math.Max(start, end - window + 1 + t);
                rows.Slice(row * channels, channels).CopyTo(target.Slice(t * channels, channels));
            }
        }
    }

    /// <summary>The first row of each row's asset.</summary>
    public static int[] AssetStarts(ReadOnlySpan<int> offsets)
    {
        int[] starts = new int[offsets[^1]];
        for (int asset = 0; asset + 1 < offsets.Length; asset++)
        {
            starts.AsSpan(offsets[asset], offsets[asset + 1] - offsets[asset]).Fill(offsets[asset]);
        }

        return starts;
    }
}
