namespace PredictiveMaintenance.Models;

/// <summary>Lloyd's k-means with k-means++ seeding on small dense points (operating settings), best of a few restarts.</summary>
internal static class KMeans
{
    private const int Restarts = 4;
    private const int MaxIterations = 100;

    /// <summary>Clusters <paramref name="points"/> (row-major, <paramref name="dimensions"/> per point).</summary>
    /// <returns>The centroids (row-major) and the within-cluster sum of squares.</returns>
    public static (double[] Centroids, double WithinSumOfSquares) Fit(ReadOnlySpan<double> points, int dimensions, int k, Random random)
    {
        int n = points.Length / dimensions;
        double[] best = [];
        double bestWss = double.PositiveInfinity;
        double[] centroids = new double[k * dimensions];
        double[] distances = new double[n];
        int[] assignment = new int[n];
        double[] sums = new double[k * dimensions];
        int[] counts = new int[k];
        for (int restart = 0; restart < Restarts; restart++)
        {
            Seed(points, dimensions, k, random, centroids, distances);
            double wss = double.PositiveInfinity;
            for (int iteration = 0; iteration < MaxIterations; iteration++)
            {
                bool changed = iteration == 0;
                double total = 0;
                for (int i = 0; i < n; i++)
                {
                    (int nearest, double distance) = Nearest(points.Slice(i * dimensions, dimensions), centroids, k);
                    changed |= assignment[i] != nearest;
                    assignment[i] = nearest;
                    total += distance;
                }

                wss = total;
                if (!changed)
                {
                    break;
                }

                Array.Clear(sums);
                Array.Clear(counts);
                for (int i = 0; i < n; i++)
                {
                    counts[assignment[i]]++;
                    for (int d = 0; d < dimensions; d++)
                    {
                        sums[(assignment[i] * dimensions) + d] += points[(i * dimensions) + d];
                    }
                }

                for (int c = 0; c < k; c++)
                {
                    // An emptied cluster keeps its centroid; k-means++ seeding makes that rare and harmless here.
                    for (int d = 0; d < dimensions && counts[c] > 0; d++)
                    {
                        centroids[(c * dimensions) + d] = sums[(c * dimensions) + d] / counts[c];
                    }
                }
            }

            if (wss < bestWss)
            {
                bestWss = wss;
                best = (double[])centroids.Clone();
            }
        }

        return (best, bestWss);
    }

    /// <summary>The index of the nearest centroid and the squared distance to it.</summary>
    public static (int Index, double SquaredDistance) Nearest(ReadOnlySpan<double> point, ReadOnlySpan<double> centroids, int k)
    {
        int dimensions = point.Length;
        int nearest = 0;
        double nearestDistance = double.PositiveInfinity;
        for (int c = 0; c < k; c++)
        {
            double distance = 0;
            for (int d = 0; d < dimensions; d++)
            {
                double delta = point[d] - centroids[(c * dimensions) + d];
                distance += delta * delta;
            }

            if (distance < nearestDistance)
            {
                nearestDistance = distance;
                nearest = c;
            }
        }

        return (nearest, nearestDistance);
    }

    private static void Seed(ReadOnlySpan<double> points, int dimensions, int k, Random random, double[] centroids, double[] distances)
    {
        int n = points.Length / dimensions;
        points.Slice(random.Next(n) * dimensions, dimensions).CopyTo(centroids);
        for (int c = 1; c < k; c++)
        {
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                distances[i] = Nearest(points.Slice(i * dimensions, dimensions), centroids, c).SquaredDistance;
                total += distances[i];
            }

            int chosen = n - 1;
            double target = random.NextDouble() * total;
            for (int i = 0; i < n; i++)
            {
                target -= distances[i];
                if (target < 0)
                {
                    chosen = i;
                    break;
                }
            }

            points.Slice(chosen * dimensions, dimensions).CopyTo(centroids.AsSpan(c * dimensions));
        }
    }
}
