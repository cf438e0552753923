using PredictiveMaintenance.Models;

namespace PredictiveMaintenance.Samples.SkabAnomaly;

/// <summary>Trailing means of each column within each segment (the current row and up to window - 1 before it).</summary>
internal static class RollingMean
{
    public static FeatureMatrix Apply(FeatureMatrix rows, int window)
    {
        int p = rows.ColumnCount;
        double[] values = new double[rows.Values.Length];
        ReadOnlySpan<int> offsets = rows.SegmentOffsets;
        for (int s = 0; s < rows.SegmentCount; s++)
        {
            for (int j = 0; j < p; j++)
            {
                double sum = 0;
                for (int r = offsets[s]; r < offsets[s + 1]; r++)
                {
                    sum += rows.Values[(r * p) + j];
                    int first = r - window;
                    if (first >= offsets[s])
                    {
                        sum -= rows.Values[(first * p) + j];
                    }

                    values[(r * p) + j] = sum / Math.Min(window, r - offsets[s] + 1);
                }
            }
        }

        return new FeatureMatrix(values, p, [.. rows.ColumnNames.Select(n => $"mean{window}({n})")], offsets);
    }
}
