using System.Buffers;
using System.Runtime.InteropServices;
using Apache.Arrow;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>
/// Exposes a primitive array as the bytes of an Arrow buffer without copying it: a column of 876,100 timestamps would
/// otherwise be copied once more only to change its element type.
/// </summary>
internal sealed class ArrayMemory<T> : MemoryManager<byte>
    where T : unmanaged
{
    private readonly T[] _array;

    private ArrayMemory(T[] array) => _array = array;

    public static ArrowBuffer Buffer(T[] array) => new(new ArrayMemory<T>(array).Memory);

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(_array.AsSpan());

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        var handle = GCHandle.Alloc(_array, GCHandleType.Pinned);
        return new MemoryHandle((byte*)handle.AddrOfPinnedObject() + elementIndex, handle, this);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
