using Apache.Arrow;
using Microsoft.Data.Analysis;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>Converts Arrow record batches to <see cref="DataFrame"/>, covering the types its own converter leaves out.</summary>
internal static class DataFrameConversion
{
    public static DataFrame ToDataFrame(RecordBatch batch)
    {
        var columns = new List<DataFrameColumn>(batch.ColumnCount);
        for (int c = 0; c < batch.ColumnCount; c++)
        {
            Field field = batch.Schema.FieldsList[c];
            IArrowArray array = batch.Column(c);
            columns.Add(array switch
            {
                TimestampArray t => new PrimitiveDataFrameColumn<DateTime>(field.Name, Enumerable.Range(0, t.Length).Select(i => t.IsNull(i) ? (DateTime?)null : UnixTime.ToDateTime(t.GetValue(i)!.Value))),
                Date32Array d => new PrimitiveDataFrameColumn<DateTime>(field.Name, Enumerable.Range(0, d.Length).Select(i => d.GetDateTime(i))),
                Decimal128Array m => new DecimalDataFrameColumn(field.Name, Enumerable.Range(0, m.Length).Select(i => m.GetValue(i))),
                BinaryArray and not StringArray => throw new SchemaException($"Column '{field.Name}' is binary, which DataFrame cannot hold; leave it out of the scan's columns."),
                StructArray or ListArray or MapArray => throw new SchemaException($"Column '{field.Name}' is of nested type {field.DataType.Name}, which DataFrame cannot hold; leave it out of the scan's columns."),
                _ => DataFrame.FromArrowRecordBatch(new RecordBatch(new Apache.Arrow.Schema([field], null), [array], batch.Length)).Columns[0],
            });
        }

        return new DataFrame(columns);
    }
}
