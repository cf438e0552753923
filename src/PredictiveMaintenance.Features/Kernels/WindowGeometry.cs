using System.Runtime.CompilerServices;

namespace PredictiveMaintenance.Features;

/// <summary>
/// Where the windows and blocks of a series lie. A window never reaches further back than the start of the block
/// before its row's block, which is what the block engine relies on.
/// </summary>
internal interface IWindowGeometry
{
    /// <summary>Time units per slope unit.</summary>
    double TimeScale { get; }

    /// <summary>Returns the end (exclusive) of the block that starts at row <paramref name="start"/>.</summary>
    int BlockEnd(int start);

    /// <summary>Whether the block starting at <paramref name="previous"/> is the one just before the block starting at <paramref name="start"/>.</summary>
    bool IsAdjacent(int previous, int start);

    /// <summary>Returns the first row of row <paramref name="row"/>'s window, given that of the row before (windows only move forward).</summary>
    int WindowStart(int row, int previousStart);

    /// <summary>Position of <paramref name="row"/> relative to <paramref name="origin"/>, for slopes.</summary>
    double Offset(int row, int origin);
}

/// <summary>
/// Windows of <c>w</c> rows: row <c>i</c>'s window is rows <c>(i - w, i]</c>. Blocks are <c>w</c> rows long and aligned
/// to multiples of <c>w</c> counted from the series' first row ever, so that a batch continuing a series
/// (<see cref="RowGeometry.Origin"/> rows in) sees the same blocks as the whole series.
/// </summary>
internal readonly struct RowGeometry(int length, int window, long origin) : IWindowGeometry
{
    public long Origin => origin;

    public double TimeScale => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int BlockEnd(int start) => (int)Math.Min(length, start + (long)window - ((origin + start) % window));

    public bool IsAdjacent(int previous, int start) => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int WindowStart(int row, int previousStart) => Math.Max(0, row - window + 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Offset(int row, int origin) => row - origin;
}

/// <summary>
/// Windows of a time span over strictly increasing times: row <c>i</c>'s window is the rows with time in
/// <c>(t[i] - span, t[i]]</c>. Blocks are the epoch-aligned buckets <c>[k * span, (k + 1) * span)</c>, so a window
/// overlaps only its row's bucket and the bucket before.
/// </summary>
internal readonly ref struct TimeGeometry(ReadOnlySpan<long> times, long span) : IWindowGeometry
{
    private readonly ReadOnlySpan<long> _times = times;

    public double TimeScale => UnixTime.MicrosecondsPerSecond;

    public static long Bucket(long time, long span) => FloorDivision(time, span);

    public static long FloorDivision(long value, long divisor)
    {
        long quotient = Math.DivRem(value, divisor, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    public int BlockEnd(int start)
    {
        long bucket = FloorDivision(_times[start], span);
        int end = start + 1;
        while (end < _times.Length && FloorDivision(_times[end], span) == bucket)
        {
            end++;
        }

        return end;
    }

    public bool IsAdjacent(int previous, int start) => FloorDivision(_times[previous], span) == FloorDivision(_times[start], span) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int WindowStart(int row, int previousStart)
    {
        long time = _times[row];
        int start = previousStart;

        // Differences rather than time - span, which could overflow for times near long.MinValue.
        while (time - _times[start] >= span)
        {
            start++;
        }

        return start;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Offset(int row, int origin) => _times[row] - _times[origin];
}
