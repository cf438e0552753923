using PredictiveMaintenance.Features;
using PredictiveMaintenance.Models;

namespace PredictiveMaintenance.Samples.SkabAnomaly;

/// <summary>Trailing means of each column within each segment, by the Features package's rolling kernel.</summary>
internal static class RollingMean
{
    /// <summary>The mean of the current row and up to <paramref name="window"/> - 1 before it in its segment (NaN skipped).</summary>
    public static FeatureMatrix Apply(FeatureMatrix rows, int window)
    {
        int p = rows.ColumnCount;
        double[] values = new double[rows.Values.Length];
        ReadOnlySpan<int> offsets = rows.SegmentOffsets;
        double[] column = new double[rows.RowCount], means = new double[rows.RowCount];
        for (int s = 0; s < rows.SegmentCount; s++)
        {
            int first = offsets[s], length = offsets[s + 1] - offsets[s];
            for (int j = 0; j < p; j++)
            {
                for (int r = 0; r < length; r++)
                {
                    column[r] = rows.Values[((first + r) * p) + j];
                }

                // minPeriods 1: the first rows of a segment get the mean of what there is, so no row is left unscored.
                Rolling.Mean(column.AsSpan(0, length), window, minPeriods: 1, means);
                for (int r = 0; r < length; r++)
                {
                    values[((first + r) * p) + j] = means[r];
                }
            }
        }

        return new FeatureMatrix(values, p, [.. rows.ColumnNames.Select(n => $"mean{window}({n})")], offsets);
    }
}
