using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.IO.Tests;

public class TelemetryArrowExtensionsTests
{
    [Property(MaxTest = 200)]
    public Property ToRecordBatch_AnyTable_ReadsBackLosslessly() =>
        Prop.ForAll(TelemetryTableGenerators.Tables().ToArbitrary(), table =>
        {
            using Apache.Arrow.RecordBatch batch = table.ToRecordBatch();
            TableAssert.Lossless(table, batch.ToTelemetryBatch());
        });
}
