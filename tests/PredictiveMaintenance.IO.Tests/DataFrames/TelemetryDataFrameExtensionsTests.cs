using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.IO.Tests;

public class TelemetryDataFrameExtensionsTests
{
    [Property(MaxTest = 200)]
    public Property ToDataFrame_AnyTable_ReadsBackLosslessly() =>
        Prop.ForAll(TelemetryTableGenerators.Tables().ToArbitrary(), table =>
            TableAssert.Lossless(table, table.ToDataFrame().ToTelemetryBatch(table.Schema)));
}
