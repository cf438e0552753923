namespace PredictiveMaintenance.IO.Tests;

public class TelemetryFileTests
{
    [Fact]
    public async Task Open_EachFormat_IsRecognisedByContentAndReadsTheSameTable()
    {
        TelemetryTable table = (await AzurePdmDataset.ReadTelemetryAsync(TestData.Path("azure-pdm", "PdM_telemetry_SUBSET_machines001-020_first2160h.csv.gz"))).Table;
        string folder = Directory.CreateTempSubdirectory("pdm-formats-").FullName;
        try
        {
            // Names without telling extensions: the format comes from the bytes.
            string parquet = Path.Combine(folder, "a.data"), arrow = Path.Combine(folder, "b.data");
            await ParquetTelemetryWriter.WriteFileAsync(table, parquet);
            await ArrowTelemetryWriter.WriteFileAsync(table, arrow);
            string text = TestData.Path("azure-pdm", "PdM_telemetry_SUBSET_machines001-020_first2160h.csv.gz");

            Assert.Equal(
                [TelemetryFileFormat.Parquet, TelemetryFileFormat.ArrowIpc, TelemetryFileFormat.Delimited],
                [TelemetryFile.DetectFormat(parquet), TelemetryFile.DetectFormat(arrow), TelemetryFile.DetectFormat(text)]);
            foreach (string path in (string[])[parquet, arrow, text])
            {
                await using ITelemetryReader reader = TelemetryFile.Open(path, AzurePdmDataset.TelemetryOptions());
                TelemetryBatch batch = await reader.ReadAllAsync();
                Assert.Equal(table.GetChannel("vibration").ToArray(), batch.Table.GetChannel("vibration").ToArray());
                Assert.Equal(table.Times.ToArray(), batch.Table.Times.ToArray());
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
