using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>The trees of a forest packed in one node array, and the walk that scores rows.</summary>
internal sealed class IsolationForest
{
    // Rows scored together against one tree: the tree's nodes stay in L1 while the block's rows stream through.
    private const int BlockRows = 1024;

    public IsolationForest(IsolationNode[] nodes, double[] pathLengths, int[] roots, int sampleSize, int depth)
    {
        Nodes = nodes;
        PathLengths = pathLengths;
        Roots = roots;
        SampleSize = sampleSize;
        Depth = depth;
    }

    /// <summary>Every tree's nodes; children indices are global.</summary>
    public IsolationNode[] Nodes { get; }

    /// <summary>Per node, the path length of a row ending there: depth + c(rows in the leaf); 0 for inner nodes.</summary>
    public double[] PathLengths { get; }

    /// <summary>The root of each tree, and the node count at the end.</summary>
    public int[] Roots { get; }

    public int TreeCount => Roots.Length - 1;

    /// <summary>Rows each tree was grown on (ψ).</summary>
    public int SampleSize { get; }

    /// <summary>The depth limit, ceil(log2 ψ): every walk takes exactly this many steps.</summary>
    public int Depth { get; }

    public static IsolationForest Pack(IsolationTree[] trees, int sampleSize, int depth)
    {
        int[] roots = new int[trees.Length + 1];
        for (int t = 0; t < trees.Length; t++)
        {
            roots[t + 1] = roots[t] + trees[t].Nodes.Length;
        }

        var nodes = new IsolationNode[roots[^1]];
        double[] lengths = new double[roots[^1]];
        for (int t = 0; t < trees.Length; t++)
        {
            for (int i = 0; i < trees[t].Nodes.Length; i++)
            {
                IsolationNode node = trees[t].Nodes[i];
                node.Left += roots[t];
                nodes[roots[t] + i] = node;
            }

            trees[t].PathLengths.CopyTo(lengths, roots[t]);
        }

        return new IsolationForest(nodes, lengths, roots, sampleSize, depth);
    }

    /// <summary>c(n): the average path length of an unsuccessful search in a binary search tree of n keys (0 for n ≤ 1, 1 for n = 2).</summary>
    public static double AveragePathLength(double n) => n switch
    {
        <= 1 => 0,
        2 => 1,
        _ => (2 * (Math.Log(n - 1) + 0.5772156649015329)) - (2 * (n - 1) / n),
    };

    /// <summary>Scores rows: 2^(-E[h(x)] / c(ψ)), NaN for a row with a missing value.</summary>
    public void Score(FeatureMatrix rows, Span<double> destination, int maxDegreeOfParallelism)
    {
        int blocks = (rows.RowCount + BlockRows - 1) / BlockRows;
        double scale = -1 / (TreeCount * AveragePathLength(SampleSize));
        if (blocks <= 1 || maxDegreeOfParallelism == 1)
        {
            ScoreBlocks(rows, destination, 0, blocks, scale);
            return;
        }

        // Each row's sum runs over the trees in the same order on any thread, so scores do not depend on the split.
        double[] scores = new double[rows.RowCount];
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, b => ScoreBlocks(rows, scores, b, b + 1, scale));
        scores.CopyTo(destination);
    }

    /// <summary>Scores row-major rows on the calling thread, without allocating; the same scores as the matrix form.</summary>
    public void Score(ReadOnlySpan<double> values, int columns, Span<double> destination)
    {
        int rows = destination.Length;
        ScoreBlocks(values, columns, rows, destination, 0, (rows + BlockRows - 1) / BlockRows, -1 / (TreeCount * AveragePathLength(SampleSize)));
    }

    private void ScoreBlocks(FeatureMatrix rows, Span<double> destination, int firstBlock, int endBlock, double scale) =>
        ScoreBlocks(rows.Values, rows.ColumnCount, rows.RowCount, destination, firstBlock, endBlock, scale);

    private void ScoreBlocks(ReadOnlySpan<double> values, int columns, int rowCount, Span<double> destination, int firstBlock, int endBlock, double scale)
    {
        for (int b = firstBlock; b < endBlock; b++)
        {
            int start = b * BlockRows, count = Math.Min(BlockRows, rowCount - start);
            Span<double> sums = destination.Slice(start, count);
            sums.Clear();
            ReadOnlySpan<double> block = values.Slice(start * columns, count * columns);
            for (int t = 0; t < TreeCount; t++)
            {
                Walk(block, columns, Roots[t], sums);
            }

            for (int i = 0; i < count; i++)
            {
                sums[i] = HasNaN(block.Slice(i * columns, columns)) ? double.NaN : Math.Pow(2, sums[i] * scale);
            }
        }
    }

    /// <summary>
    /// Adds each row's path length in one tree to <paramref name="sums"/>, walking eight rows at once (the last few of a
    /// block one by one) so that their dependent load chains overlap.
    /// </summary>
    /// <remarks>
    /// Each step waits for a node load and then a feature load; eight chains in flight hide that latency better than
    /// four (1.3x to 1.6x on the full-size Azure table in a scratch comparison on the loaded build machine).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Walk(ReadOnlySpan<double> block, int columns, int root, Span<double> sums)
    {
        ref IsolationNode nodes = ref MemoryMarshal.GetArrayDataReference(Nodes);
        ref double lengths = ref MemoryMarshal.GetArrayDataReference(PathLengths);
        ref double x = ref MemoryMarshal.GetReference(block);
        int depth = Depth, count = sums.Length, r = 0;
        for (; r + 8 <= count; r += 8)
        {
            ref double x0 = ref Unsafe.Add(ref x, r * columns);
            ref double x1 = ref Unsafe.Add(ref x0, columns);
            ref double x2 = ref Unsafe.Add(ref x1, columns);
            ref double x3 = ref Unsafe.Add(ref x2, columns);
            ref double x4 = ref Unsafe.Add(ref x3, columns);
            ref double x5 = ref Unsafe.Add(ref x4, columns);
            ref double x6 = ref Unsafe.Add(ref x5, columns);
            ref double x7 = ref Unsafe.Add(ref x6, columns);
            int i0 = root, i1 = root, i2 = root, i3 = root, i4 = root, i5 = root, i6 = root, i7 = root;
            for (int d = 0; d < depth; d++)
            {
                ref IsolationNode n0 = ref Unsafe.Add(ref nodes, i0);
                ref IsolationNode n1 = ref Unsafe.Add(ref nodes, i1);
                ref IsolationNode n2 = ref Unsafe.Add(ref nodes, i2);
                ref IsolationNode n3 = ref Unsafe.Add(ref nodes, i3);
                ref IsolationNode n4 = ref Unsafe.Add(ref nodes, i4);
                ref IsolationNode n5 = ref Unsafe.Add(ref nodes, i5);
                ref IsolationNode n6 = ref Unsafe.Add(ref nodes, i6);
                ref IsolationNode n7 = ref Unsafe.Add(ref nodes, i7);
                i0 = n0.Left + Step(Unsafe.Add(ref x0, n0.Feature) > n0.Threshold);
                i1 = n1.Left + Step(Unsafe.Add(ref x1, n1.Feature) > n1.Threshold);
                i2 = n2.Left + Step(Unsafe.Add(ref x2, n2.Feature) > n2.Threshold);
                i3 = n3.Left + Step(Unsafe.Add(ref x3, n3.Feature) > n3.Threshold);
                i4 = n4.Left + Step(Unsafe.Add(ref x4, n4.Feature) > n4.Threshold);
                i5 = n5.Left + Step(Unsafe.Add(ref x5, n5.Feature) > n5.Threshold);
                i6 = n6.Left + Step(Unsafe.Add(ref x6, n6.Feature) > n6.Threshold);
                i7 = n7.Left + Step(Unsafe.Add(ref x7, n7.Feature) > n7.Threshold);
            }

            sums[r] += Unsafe.Add(ref lengths, i0);
            sums[r + 1] += Unsafe.Add(ref lengths, i1);
            sums[r + 2] += Unsafe.Add(ref lengths, i2);
            sums[r + 3] += Unsafe.Add(ref lengths, i3);
            sums[r + 4] += Unsafe.Add(ref lengths, i4);
            sums[r + 5] += Unsafe.Add(ref lengths, i5);
            sums[r + 6] += Unsafe.Add(ref lengths, i6);
            sums[r + 7] += Unsafe.Add(ref lengths, i7);
        }

        for (; r < count; r++)
        {
            ref double row = ref Unsafe.Add(ref x, r * columns);
            int i = root;
            for (int d = 0; d < depth; d++)
            {
                ref IsolationNode n = ref Unsafe.Add(ref nodes, i);
                i = n.Left + Step(Unsafe.Add(ref row, n.Feature) > n.Threshold);
            }

            sums[r] += Unsafe.Add(ref lengths, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(bool right) => Unsafe.As<bool, byte>(ref right);

    private static bool HasNaN(ReadOnlySpan<double> row)
    {
        foreach (double value in row)
        {
            if (double.IsNaN(value))
            {
                return true;
            }
        }

        return false;
    }
}
