using System.Numerics;

namespace PredictiveMaintenance.IO;

/// <summary>Does something with a column of numbers whose element type is known only at run time, without reflection.</summary>
/// <typeparam name="TResult">What the visit returns.</typeparam>
internal interface INumberColumnVisitor<out TResult>
{
    /// <summary>Visits a column of integers of 8 to 64 bits.</summary>
    TResult VisitInteger<T>(ReadOnlyMemory<T> values, Validity validity)
        where T : struct, IBinaryInteger<T>;

    /// <summary>Visits a column of <see cref="float"/>, <see cref="double"/>, <see cref="Half"/> or <see cref="decimal"/>.</summary>
    TResult VisitFloatingPoint<T>(ReadOnlyMemory<T> values, Validity validity)
        where T : struct, IFloatingPoint<T>;
}

/// <summary>The visitors every columnar source uses to turn a column of numbers into a decoder.</summary>
internal static class NumberColumnVisitors
{
    /// <summary>Makes a channel of any number column.</summary>
    public static INumberColumnVisitor<ChannelColumn> Channel(bool nanIsMissing = false) => nanIsMissing ? ChannelVisitor.NanIsMissing : ChannelVisitor.NanIsValue;

    /// <summary>Makes an asset column of an integer column; null for a floating-point one.</summary>
    public static INumberColumnVisitor<AssetColumn?> Asset { get; } = new AssetVisitor();

    /// <summary>
    /// Makes a time column of an integer column scaled to the table's unit; null for a floating-point one.
    /// </summary>
    /// <param name="multiplier">Table units per source unit.</param>
    /// <param name="divisor">Source units per table unit.</param>
    /// <param name="unit">The source unit for messages, empty for counts.</param>
    /// <param name="kind">What the table's time counts.</param>
    public static INumberColumnVisitor<TimeColumn?> Time(long multiplier, long divisor, string unit, TimeKind kind) =>
        new TimeVisitor(multiplier, divisor, unit, ColumnarSource.TimeTarget(kind));

    private sealed class ChannelVisitor(bool nanIsMissing) : INumberColumnVisitor<ChannelColumn>
    {
        public static ChannelVisitor NanIsValue { get; } = new(false);

        public static ChannelVisitor NanIsMissing { get; } = new(true);

        public ChannelColumn VisitInteger<T>(ReadOnlyMemory<T> values, Validity validity)
            where T : struct, IBinaryInteger<T> => ChannelColumn.Create(values, validity, nanIsMissing);

        public ChannelColumn VisitFloatingPoint<T>(ReadOnlyMemory<T> values, Validity validity)
            where T : struct, IFloatingPoint<T> => ChannelColumn.Create(values, validity, nanIsMissing);
    }

    private sealed class AssetVisitor : INumberColumnVisitor<AssetColumn?>
    {
        public AssetColumn? VisitInteger<T>(ReadOnlyMemory<T> values, Validity validity)
            where T : struct, IBinaryInteger<T> => AssetColumn.CreateIntegers(values, validity);

        public AssetColumn? VisitFloatingPoint<T>(ReadOnlyMemory<T> values, Validity validity)
            where T : struct, IFloatingPoint<T> => null;
    }

    private sealed class TimeVisitor(long multiplier, long divisor, string unit, string target) : INumberColumnVisitor<TimeColumn?>
    {
        public TimeColumn? VisitInteger<T>(ReadOnlyMemory<T> values, Validity validity)
            where T : struct, IBinaryInteger<T> => TimeColumn.Integers(values, validity, multiplier, divisor, unit, target);

        public TimeColumn? VisitFloatingPoint<T>(ReadOnlyMemory<T> values, Validity validity)
            where T : struct, IFloatingPoint<T> => null;
    }
}
