using System.Runtime.InteropServices;

namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>
/// A node of an isolation tree. Children are adjacent (<c>Left</c> and <c>Left + 1</c>, right when the value is greater
/// than the threshold); a leaf has an infinite threshold and is its own left child, so a walk of exactly the tree's
/// depth ends on the right leaf from any starting path, without a data-dependent branch.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IsolationNode
{
    public double Threshold;
    public int Feature;
    public int Left;
}

/// <summary>One grown tree: its nodes and, per node, the path length of a row ending there (0 for inner nodes).</summary>
internal sealed class IsolationTree
{
    private IsolationTree(IsolationNode[] nodes, double[] pathLengths)
    {
        Nodes = nodes;
        PathLengths = pathLengths;
    }

    public IsolationNode[] Nodes { get; }

    public double[] PathLengths { get; }

    /// <summary>Grows a tree on <paramref name="samples"/> of the complete rows, drawn without replacement.</summary>
    public static IsolationTree Grow(FeatureMatrix rows, int[] complete, int samples, int maxDepth, SplitMix64 random)
    {
        int columns = rows.ColumnCount;
        int[] drawn = Draw(complete, samples, ref random);
        double[] x = new double[samples * columns];
        for (int i = 0; i < samples; i++)
        {
            rows.GetRow(drawn[i]).CopyTo(x.AsSpan(i * columns, columns));
        }

        int[] order = new int[samples];
        for (int i = 0; i < samples; i++)
        {
            order[i] = i;
        }

        var nodes = new List<IsolationNode>(2 * samples);
        var lengths = new List<double>(2 * samples);
        int[] features = new int[columns];
        var pending = new Stack<(int Node, int Start, int End, int Depth)>();
        nodes.Add(default);
        lengths.Add(0);
        pending.Push((0, 0, samples, 0));
        while (pending.Count > 0)
        {
            (int node, int start, int end, int depth) = pending.Pop();
            int size = end - start;
            if (size <= 1 || depth >= maxDepth || !TrySplit(x, columns, order.AsSpan(start, size), features, ref random, out int feature, out double threshold, out int leftSize))
            {
                nodes[node] = new IsolationNode { Threshold = double.PositiveInfinity, Feature = 0, Left = node };
                lengths[node] = depth + IsolationForest.AveragePathLength(size);
                continue;
            }

            int left = nodes.Count;
            nodes[node] = new IsolationNode { Threshold = threshold, Feature = feature, Left = left };
            nodes.Add(default);
            nodes.Add(default);
            lengths.Add(0);
            lengths.Add(0);
            pending.Push((left + 1, start + leftSize, end, depth + 1));
            pending.Push((left, start, start + leftSize, depth + 1));
        }

        return new IsolationTree([.. nodes], [.. lengths]);
    }

    /// <summary>Draws <paramref name="count"/> distinct rows: all of them (in a random order) or Floyd's algorithm.</summary>
    private static int[] Draw(int[] complete, int count, ref SplitMix64 random)
    {
        int[] drawn = new int[count];
        if (count == complete.Length)
        {
            complete.CopyTo(drawn, 0);
            return drawn;
        }

        var chosen = new HashSet<int>(count);
        int k = 0;
        for (int j = complete.Length - count; j < complete.Length; j++)
        {
            int candidate = random.Next(j + 1);
            int pick = chosen.Add(candidate) ? candidate : j;
            if (pick == j)
            {
                chosen.Add(j);
            }

            drawn[k++] = complete[pick];
        }

        return drawn;
    }

    /// <summary>Splits the node's rows on a random non-constant feature, partitioning <paramref name="rows"/> in place (left first).</summary>
    private static bool TrySplit(double[] x, int columns, Span<int> rows, int[] features, ref SplitMix64 random, out int feature, out double threshold, out int leftSize)
    {
        for (int f = 0; f < columns; f++)
        {
            features[f] = f;
        }

        // Features are tried in a random order until one varies in the node: a uniform draw among the non-constant ones.
        for (int remaining = columns; remaining > 0; remaining--)
        {
            int pick = random.Next(remaining);
            feature = features[pick];
            features[pick] = features[remaining - 1];
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (int row in rows)
            {
                double value = x[(row * columns) + feature];
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }

            if (!(max > min))
            {
                continue;
            }

            threshold = min + (random.NextDouble() * (max - min));
            if (threshold >= max)
            {
                threshold = min;
            }

            int i = 0, j = rows.Length - 1;
            while (i <= j)
            {
                if (x[(rows[i] * columns) + feature] <= threshold)
                {
                    i++;
                }
                else
                {
                    (rows[i], rows[j]) = (rows[j], rows[i]);
                    j--;
                }
            }

            leftSize = i;
            return true;
        }

        feature = 0;
        threshold = 0;
        leftSize = 0;
        return false;
    }
}
