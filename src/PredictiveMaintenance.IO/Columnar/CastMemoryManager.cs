using System.Buffers;
using System.Runtime.InteropServices;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Views bytes as values of <typeparamref name="T"/> without copying, so an Arrow buffer (bytes) can be read as
/// <see cref="ReadOnlyMemory{T}"/> of its element type.
/// </summary>
internal sealed class CastMemoryManager<T>(ReadOnlyMemory<byte> bytes) : MemoryManager<T>
    where T : unmanaged
{
    public override Span<T> GetSpan() => MemoryMarshal.Cast<byte, T>(MemoryMarshal.AsMemory(bytes).Span);

    public override MemoryHandle Pin(int elementIndex = 0) =>
        MemoryMarshal.AsMemory(bytes)[(elementIndex * System.Runtime.CompilerServices.Unsafe.SizeOf<T>())..].Pin();

    public override void Unpin()
    {
    }

    /// <summary>The first <paramref name="length"/> values from value <paramref name="offset"/> of <paramref name="bytes"/>.</summary>
    public static ReadOnlyMemory<T> Cast(ReadOnlyMemory<byte> bytes, int offset, int length) =>
        new CastMemoryManager<T>(bytes).Memory.Slice(offset, length);

    protected override void Dispose(bool disposing)
    {
    }
}
