using System.IO.Compression;

namespace PredictiveMaintenance.IO.Tests.Text;

[CollectionDefinition(nameof(LargeInputTests), DisableParallelization = true)]
public sealed class LargeInputTestGroup;

/// <summary>
/// Inputs far larger than a batch stream through in bounded memory, with every row accounted for. Memory is the live
/// heap, sampled after a full collection every few batches: what the reader holds on to, not garbage awaiting collection.
/// </summary>
[Collection(nameof(LargeInputTests))]
public class LargeInputTests
{
    private const long MemoryBound = 256L << 20;

    [Fact]
    public async Task ReadBatchesAsync_TwoGigabyteStream_StaysWithinMemoryBoundAndCountsEveryRow()
    {
        const long Rows = 32_000_000;
        var input = new GeneratedCsvStream(Rows, machines: 1000);
        long peakHeap = 0, input2 = 0, accepted = 0, quarantined = 0, batches = 0;

        await using (var reader = new DelimitedTelemetryReader(input, TestData.AzureOptions(batchRows: 100_000), "generated.csv"))
        {
            await foreach (TelemetryBatch batch in reader.ReadBatchesAsync())
            {
                batches++;
                input2 += batch.Report.InputRows;
                accepted += batch.Table.RowCount;
                quarantined += batch.Quarantine.Count;
                Assert.All(batch.Quarantine, q => Assert.Equal(QuarantineReason.WrongFieldCount, q.Reason));
                if (batches % 20 == 0)
                {
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: true));
                }
            }
        }

        Assert.True(input.BytesRead > 2L << 30, $"only {input.BytesRead} bytes were generated");
        Assert.Equal(Rows, input2);
        Assert.Equal(input.BadRows, quarantined);
        Assert.Equal(Rows - input.BadRows, accepted);
        Assert.Equal(320, batches);
        Assert.True(peakHeap < MemoryBound, $"the heap reached {peakHeap >> 20} MiB reading {input.BytesRead >> 20} MiB in batches of 100,000 rows");
    }

    [Fact]
    public async Task ReadBatchesAsync_LargeGzipStream_DecompressesOnTheFlyInBoundedMemory()
    {
        const long Rows = 3_000_000;
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await new GeneratedCsvStream(Rows, machines: 50).CopyToAsync(gzip);
        }

        compressed.Position = 0;
        long compressedBytes = compressed.Capacity;
        long peakHeap = 0, accepted = 0, quarantined = 0;
        await using (var reader = new DelimitedTelemetryReader(compressed, TestData.AzureOptions(batchRows: 50_000), "generated.csv.gz"))
        {
            await foreach (TelemetryBatch batch in reader.ReadBatchesAsync())
            {
                accepted += batch.Table.RowCount;
                quarantined += batch.Quarantine.Count;
                if (accepted % 500_000 < 50_000)
                {
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: true));
                }
            }
        }

        Assert.Equal(Rows - 3, accepted);
        Assert.Equal(3, quarantined);
        Assert.True(peakHeap - compressedBytes < MemoryBound, $"the heap reached {peakHeap >> 20} MiB besides the compressed input");
    }
}
