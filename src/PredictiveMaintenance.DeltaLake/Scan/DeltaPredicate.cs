using System.Globalization;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>The comparison of a <see cref="DeltaPredicate"/>.</summary>
public enum DeltaComparison
{
    /// <summary>The column equals the value.</summary>
    Equal,

    /// <summary>The column differs from the value (null columns never match).</summary>
    NotEqual,

    /// <summary>The column is less than the value.</summary>
    LessThan,

    /// <summary>The column is at most the value.</summary>
    LessThanOrEqual,

    /// <summary>The column is greater than the value.</summary>
    GreaterThan,

    /// <summary>The column is at least the value.</summary>
    GreaterThanOrEqual,

    /// <summary>The column is null.</summary>
    IsNull,

    /// <summary>The column is not null.</summary>
    IsNotNull,
}

/// <summary>
/// A simple predicate over top-level columns: comparisons with literals combined by AND and OR. Scans use it to skip
/// files by partition values and by min/max/null-count statistics; overwrite and delete use it to select partitions.
/// </summary>
/// <remarks>
/// Comparisons follow SQL: a null column matches only <see cref="DeltaComparison.IsNull"/>. Literals are converted to the
/// column's type: integers, floating-point and decimal numbers, strings, booleans, <see cref="DateOnly"/> for dates,
/// UTC <see cref="DateTime"/> or <see cref="DateTimeOffset"/> for timestamps, or the text form of a partition value.
/// </remarks>
public abstract class DeltaPredicate
{
    private protected DeltaPredicate()
    {
    }

    /// <summary>The top-level columns the predicate reads.</summary>
    public abstract IEnumerable<string> Columns { get; }

    /// <summary>column = value.</summary>
    /// <param name="column">The column name.</param>
    /// <param name="value">The literal.</param>
    public static DeltaPredicate Equal(string column, object value) => new ComparisonPredicate(column, DeltaComparison.Equal, value);

    /// <summary>column &lt;&gt; value.</summary>
    /// <param name="column">The column name.</param>
    /// <param name="value">The literal.</param>
    public static DeltaPredicate NotEqual(string column, object value) => new ComparisonPredicate(column, DeltaComparison.NotEqual, value);

    /// <summary>column &lt; value.</summary>
    /// <param name="column">The column name.</param>
    /// <param name="value">The literal.</param>
    public static DeltaPredicate LessThan(string column, object value) => new ComparisonPredicate(column, DeltaComparison.LessThan, value);

    /// <summary>column &lt;= value.</summary>
    /// <param name="column">The column name.</param>
    /// <param name="value">The literal.</param>
    public static DeltaPredicate LessThanOrEqual(string column, object value) => new ComparisonPredicate(column, DeltaComparison.LessThanOrEqual, value);

    /// <summary>column &gt; value.</summary>
    /// <param name="column">The column name.</param>
    /// <param name="value">The literal.</param>
    public static DeltaPredicate GreaterThan(string column, object value) => new ComparisonPredicate(column, DeltaComparison.GreaterThan, value);

    /// <summary>column &gt;= value.</summary>
    /// <param name="column">The column name.</param>
    /// <param name="value">The literal.</param>
    public static DeltaPredicate GreaterThanOrEqual(string column, object value) => new ComparisonPredicate(column, DeltaComparison.GreaterThanOrEqual, value);

    /// <summary>column IS NULL.</summary>
    /// <param name="column">The column name.</param>
    public static DeltaPredicate IsNull(string column) => new ComparisonPredicate(column, DeltaComparison.IsNull, null);

    /// <summary>column IS NOT NULL.</summary>
    /// <param name="column">The column name.</param>
    public static DeltaPredicate IsNotNull(string column) => new ComparisonPredicate(column, DeltaComparison.IsNotNull, null);

    /// <summary>Both predicates hold.</summary>
    /// <param name="left">The first predicate.</param>
    /// <param name="right">The second predicate.</param>
    public static DeltaPredicate And(DeltaPredicate left, DeltaPredicate right) => new CombinedPredicate(left, right, isAnd: true);

    /// <summary>Either predicate holds.</summary>
    /// <param name="left">The first predicate.</param>
    /// <param name="right">The second predicate.</param>
    public static DeltaPredicate Or(DeltaPredicate left, DeltaPredicate right) => new CombinedPredicate(left, right, isAnd: false);

    /// <summary>Whether a file with these partition values and statistics may hold a matching row (false only when it certainly holds none).</summary>
    internal abstract bool MayMatch(Func<string, (DeltaType Type, ColumnFacts Facts)> facts);

    /// <summary>Whether every row with these partition values matches, for predicates over partition columns only.</summary>
    internal abstract bool MatchesPartition(Func<string, (DeltaType Type, object? Value)> value);
}

/// <summary>What the log says about one column in one file: its partition value, or its statistics.</summary>
internal readonly record struct ColumnFacts(bool IsPartition, object? PartitionValue, object? Min, object? Max, long? NullCount, long? RecordCount, bool AllNull);

internal sealed class ComparisonPredicate : DeltaPredicate
{
    public ComparisonPredicate(string column, DeltaComparison comparison, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(column);
        if (comparison is not (DeltaComparison.IsNull or DeltaComparison.IsNotNull))
        {
            ArgumentNullException.ThrowIfNull(value);
        }

        Column = column;
        Comparison = comparison;
        Value = value;
    }

    public string Column { get; }

    public DeltaComparison Comparison { get; }

    public object? Value { get; }

    public override IEnumerable<string> Columns => [Column];

    internal override bool MayMatch(Func<string, (DeltaType Type, ColumnFacts Facts)> facts)
    {
        (DeltaType type, ColumnFacts f) = facts(Column);
        if (f.IsPartition)
        {
            return Evaluate(f.PartitionValue, DeltaValues.Coerce(Value, type, Column));
        }

        switch (Comparison)
        {
            case DeltaComparison.IsNull:
                return f.NullCount is not { } nulls || nulls > 0;
            case DeltaComparison.IsNotNull:
                return !f.AllNull;
        }

        if (f.AllNull)
        {
            return false;
        }

        object literal = DeltaValues.Coerce(Value, type, Column)!;
        object? min = f.Min;
        object? max = f.Max;
        return Comparison switch
        {
            DeltaComparison.Equal => (min is null || DeltaValues.Compare(min, literal) <= 0) && (max is null || DeltaValues.Compare(max, literal) >= 0),
            DeltaComparison.NotEqual => min is null || max is null || DeltaValues.Compare(min, literal) != 0 || DeltaValues.Compare(max, literal) != 0,
            DeltaComparison.LessThan => min is null || DeltaValues.Compare(min, literal) < 0,
            DeltaComparison.LessThanOrEqual => min is null || DeltaValues.Compare(min, literal) <= 0,
            DeltaComparison.GreaterThan => max is null || DeltaValues.Compare(max, literal) > 0,
            DeltaComparison.GreaterThanOrEqual => max is null || DeltaValues.Compare(max, literal) >= 0,
            _ => true,
        };
    }

    internal override bool MatchesPartition(Func<string, (DeltaType Type, object? Value)> value)
    {
        (DeltaType type, object? actual) = value(Column);
        return Evaluate(actual, DeltaValues.Coerce(Value, type, Column));
    }

    private bool Evaluate(object? actual, object? literal) => Comparison switch
    {
        DeltaComparison.IsNull => actual is null,
        DeltaComparison.IsNotNull => actual is not null,
        _ when actual is null || literal is null => false,
        DeltaComparison.Equal => DeltaValues.Compare(actual, literal) == 0,
        DeltaComparison.NotEqual => DeltaValues.Compare(actual, literal) != 0,
        DeltaComparison.LessThan => DeltaValues.Compare(actual, literal) < 0,
        DeltaComparison.LessThanOrEqual => DeltaValues.Compare(actual, literal) <= 0,
        DeltaComparison.GreaterThan => DeltaValues.Compare(actual, literal) > 0,
        DeltaComparison.GreaterThanOrEqual => DeltaValues.Compare(actual, literal) >= 0,
        _ => false,
    };

    public override string ToString() => Comparison switch
    {
        DeltaComparison.IsNull => $"{Column} IS NULL",
        DeltaComparison.IsNotNull => $"{Column} IS NOT NULL",
        _ => $"{Column} {Symbol(Comparison)} {Literal(Value!)}",
    };

    private static string Literal(object value) => value switch
    {
        string s => $"'{s}'",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Symbol(DeltaComparison comparison) => comparison switch
    {
        DeltaComparison.Equal => "=",
        DeltaComparison.NotEqual => "<>",
        DeltaComparison.LessThan => "<",
        DeltaComparison.LessThanOrEqual => "<=",
        DeltaComparison.GreaterThan => ">",
        _ => ">=",
    };
}

internal sealed class CombinedPredicate : DeltaPredicate
{
    private readonly DeltaPredicate _left;
    private readonly DeltaPredicate _right;
    private readonly bool _isAnd;

    public CombinedPredicate(DeltaPredicate left, DeltaPredicate right, bool isAnd)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        _left = left;
        _right = right;
        _isAnd = isAnd;
    }

    public override IEnumerable<string> Columns => _left.Columns.Concat(_right.Columns).Distinct(StringComparer.Ordinal);

    internal override bool MayMatch(Func<string, (DeltaType Type, ColumnFacts Facts)> facts) =>
        _isAnd ? _left.MayMatch(facts) && _right.MayMatch(facts) : _left.MayMatch(facts) || _right.MayMatch(facts);

    internal override bool MatchesPartition(Func<string, (DeltaType Type, object? Value)> value) =>
        _isAnd ? _left.MatchesPartition(value) && _right.MatchesPartition(value) : _left.MatchesPartition(value) || _right.MatchesPartition(value);

    public override string ToString() => $"({_left} {(_isAnd ? "AND" : "OR")} {_right})";
}
