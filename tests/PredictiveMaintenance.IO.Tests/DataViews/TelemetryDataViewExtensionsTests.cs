using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.IO.Tests;

public class TelemetryDataViewExtensionsTests
{
    [Property(MaxTest = 200)]
    public Property ToDataView_AnyTable_ReadsBackLosslessly() =>
        Prop.ForAll(TelemetryTableGenerators.Tables().ToArbitrary(), table =>
            TableAssert.Lossless(table, table.ToDataView().ToTelemetryBatch(table.Schema)));
}
