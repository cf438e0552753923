using System.Net;

namespace PredictiveMaintenance.Serving.Tests;

/// <summary>A request body sent in two halves: the second only once <see cref="Release"/> is set.</summary>
internal sealed class HeldContent(byte[] body) : HttpContent
{
    public TaskCompletionSource HalfSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        int half = body.Length / 2;
        await stream.WriteAsync(body.AsMemory(0, half));
        await stream.FlushAsync();
        HalfSent.SetResult();
        await Release.Task;
        await stream.WriteAsync(body.AsMemory(half));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
