using System.Diagnostics;

namespace PredictiveMaintenance.ScaleRun;

/// <summary>
/// Adds up the wall time and the process CPU time of a stage. On a shared machine wall time includes waiting for a
/// core; CPU time (all threads of the process, garbage collection included) is the cost the stage itself incurred.
/// </summary>
internal sealed class StageClock
{
    private readonly Process _process = Process.GetCurrentProcess();

    public long WallTicks { get; private set; }

    public TimeSpan Cpu { get; private set; }

    public double WallSeconds => Stopwatch.GetElapsedTime(0, WallTicks).TotalSeconds;

    public double CpuSeconds => Cpu.TotalSeconds;

    public (long Wall, TimeSpan Cpu) Now()
    {
        _process.Refresh();
        return (Stopwatch.GetTimestamp(), _process.TotalProcessorTime);
    }

    public void AddSince((long Wall, TimeSpan Cpu) start)
    {
        (long wall, TimeSpan cpu) = Now();
        WallTicks += wall - start.Wall;
        Cpu += cpu - start.Cpu;
    }

    /// <summary>Takes away time measured by a nested clock (the simulator's reads inside the reader's).</summary>
    public void Subtract(long wallTicks, TimeSpan cpu)
    {
        WallTicks -= wallTicks;
        Cpu -= cpu;
    }
}
