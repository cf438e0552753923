// Usage: PredictiveMaintenance.Pipeline.TestCrasher <pdm.json> <stage> <sequence>
// Ingests the configured staging folder and, when batch <sequence> reports <stage>, kills this process at once
// (SIGKILL: no finally blocks, no flushing), as a power cut or an OOM kill would.
using System.Diagnostics;
using System.Globalization;
using PredictiveMaintenance.Pipeline;

BatchPipelineOptions options = BatchPipelineConfiguration.Load(args[0]);
BatchStage stage = Enum.Parse<BatchStage>(args[1]);
long sequence = long.Parse(args[2], CultureInfo.InvariantCulture);
var pipeline = new BatchPipeline(options);
await pipeline.IngestAsync(new KillAt(stage, sequence));
Console.WriteLine("completed without reaching the kill point");
return 3;

internal sealed class KillAt(BatchStage stage, long sequence) : IProgress<BatchProgress>
{
    public void Report(BatchProgress value)
    {
        if (value.Stage == stage && value.Sequence == sequence)
        {
            Console.WriteLine($"killing after {value.Stage} of batch {value.Sequence}");
            Console.Out.Flush();
            Process.GetCurrentProcess().Kill();
        }
    }
}
