using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Handing a telemetry table to ML.NET: this package's zero-copy <see cref="IDataView"/> against converting it to a
/// Microsoft.Data.Analysis DataFrame (itself an IDataView), each then read through a cursor as a trainer reads it.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DataViewBenchmarks
{
    private TelemetryTable _table = null!;
    private double _expected;

    [Params(100_000, 1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = BenchmarkTables.Create(Rows);
        foreach (double value in _table.GetChannel("rotate"))
        {
            _expected += value;
        }

        if (TelemetryDataView() != _expected || DataFrameView() != _expected)
        {
            throw new InvalidOperationException("A view did not give the table's values.");
        }
    }

    [Benchmark(Baseline = true)]
    public double DataFrameView() => Sum(_table.ToDataFrame());

    [Benchmark]
    public double TelemetryDataView() => Sum(_table.ToDataView());

    private static double Sum(IDataView view)
    {
        DataViewSchema.Column rotate = view.Schema["rotate"];
        using DataViewRowCursor cursor = view.GetRowCursor([rotate]);
        ValueGetter<double> getter = cursor.GetGetter<double>(rotate);
        double sum = 0, value = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            sum += value;
        }

        return sum;
    }
}
