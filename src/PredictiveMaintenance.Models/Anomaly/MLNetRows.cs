using Microsoft.ML;
using Microsoft.ML.Data;

namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>Feature rows as an ML.NET data view of one single-precision vector column.</summary>
internal static class MLNetRows
{
    public const string FeaturesColumn = "Features";

    public static IDataView ToDataView(MLContext context, FeatureMatrix rows, IReadOnlyList<int> selected)
    {
        int p = rows.ColumnCount;
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, p);
        var items = new Row[selected.Count];
        for (int i = 0; i < items.Length; i++)
        {
            ReadOnlySpan<double> row = rows.GetRow(selected[i]);
            float[] values = new float[p];
            for (int j = 0; j < p; j++)
            {
                values[j] = (float)row[j];
            }

            items[i] = new Row { Features = values };
        }

        return context.Data.LoadFromEnumerable(items, schema);
    }

    public static DataViewSchema InputSchema(MLContext context, int columns) => ToDataView(context, new FeatureMatrix(new double[columns], columns), []).Schema;

    internal sealed class Row
    {
        public float[] Features { get; set; } = [];
    }
}
