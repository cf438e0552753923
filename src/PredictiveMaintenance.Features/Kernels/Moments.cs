using System.Runtime.CompilerServices;

namespace PredictiveMaintenance.Features;

/// <summary>
/// Power sums of the valid values of a window, shifted by a constant, with the sums that a trend and the extremes need.
/// Two disjoint parts of a window combine by adding (and taking the min and max), which is what lets a window be
/// assembled from a suffix of one block and a prefix of the next.
/// </summary>
/// <remarks>
/// For aggregates of third and fourth moments (<see cref="IMomentAggregate.Central"/>), raw power sums cancel badly
/// when the spread is small next to the distance from the shift, so <see cref="S1"/> to <see cref="S4"/> hold the mean
/// and the central sums M2 to M4 instead, updated one value at a time (Terriberry's extension of Welford) and merged
/// with Pébay's pairwise formulas.
/// </remarks>
internal struct Moments
{
    public double N;
    public double S1;
    public double S2;
    public double S3;
    public double S4;
    public double T1;
    public double T2;
    public double TX;
    public double Min;
    public double Max;

    public static Moments Empty => new() { Min = double.PositiveInfinity, Max = double.NegativeInfinity };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add<TAgg>(double d, double t)
        where TAgg : struct, IMomentAggregate
    {
        if (TAgg.Central)
        {
            AddCentral(d);
        }
        else
        {
            AddRaw<TAgg>(d);
        }

        if (TAgg.Trend)
        {
            T1 += t;
            T2 += t * t;
            TX += t * d;
        }

        if (TAgg.Extremes)
        {
            Min = d < Min ? d : Min;
            Max = d > Max ? d : Max;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddRaw<TAgg>(double d)
        where TAgg : struct, IMomentAggregate
    {
        N += 1;
        if (TAgg.Powers >= 1)
        {
            S1 += d;
        }

        if (TAgg.Powers >= 2)
        {
            double d2 = d * d;
            S2 += d2;
            if (TAgg.Powers >= 3)
            {
                S3 += d2 * d;
            }

            if (TAgg.Powers >= 4)
            {
                S4 += d2 * d2;
            }
        }
    }

    private void AddCentral(double x)
    {
        double before = N;
        double n = N = before + 1;
        double delta = x - S1;
        double deltaN = delta / n;
        double deltaN2 = deltaN * deltaN;
        double term = delta * deltaN * before;
        S1 += deltaN;
        S4 += (term * deltaN2 * ((n * n) - (3 * n) + 3)) + (6 * deltaN2 * S2) - (4 * deltaN * S3);
        S3 += (term * deltaN * (n - 2)) - (3 * deltaN * S2);
        S2 += term;
    }

    private static Moments CombineCentral(in Moments a, in Moments b)
    {
        if (a.N == 0)
        {
            return b;
        }

        if (b.N == 0)
        {
            return a;
        }

        double na = a.N;
        double nb = b.N;
        double n = na + nb;
        double delta = b.S1 - a.S1;
        double delta2 = delta * delta;
        Moments m = default;
        m.N = n;
        m.S1 = a.S1 + (delta * nb / n);
        m.S2 = a.S2 + b.S2 + (delta2 * na * nb / n);
        m.S3 = a.S3 + b.S3 + (delta2 * delta * na * nb * (na - nb) / (n * n)) + (3 * delta * ((na * b.S2) - (nb * a.S2)) / n);
        m.S4 = a.S4 + b.S4
            + (delta2 * delta2 * na * nb * ((na * na) - (na * nb) + (nb * nb)) / (n * n * n))
            + (6 * delta2 * ((na * na * b.S2) + (nb * nb * a.S2)) / (n * n))
            + (4 * delta * ((na * b.S3) - (nb * a.S3)) / n);
        return m;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Moments Combine<TAgg>(in Moments a, in Moments b)
        where TAgg : struct, IMomentAggregate
    {
        if (TAgg.Central)
        {
            return CombineCentral(a, b);
        }

        Moments m = default;
        m.N = a.N + b.N;
        if (TAgg.Powers >= 1)
        {
            m.S1 = a.S1 + b.S1;
        }

        if (TAgg.Powers >= 2)
        {
            m.S2 = a.S2 + b.S2;
        }

        if (TAgg.Powers >= 3)
        {
            m.S3 = a.S3 + b.S3;
        }

        if (TAgg.Powers >= 4)
        {
            m.S4 = a.S4 + b.S4;
        }

        if (TAgg.Trend)
        {
            m.T1 = a.T1 + b.T1;
            m.T2 = a.T2 + b.T2;
            m.TX = a.TX + b.TX;
        }

        if (TAgg.Extremes)
        {
            m.Min = a.Min < b.Min ? a.Min : b.Min;
            m.Max = a.Max > b.Max ? a.Max : b.Max;
        }

        return m;
    }
}
