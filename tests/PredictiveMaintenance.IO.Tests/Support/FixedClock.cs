namespace PredictiveMaintenance.IO.Tests;

/// <summary>A clock stopped at one instant, so the future-time rule gives the same answer on every run.</summary>
/// <remarks>Microsoft.Extensions.TimeProvider.Testing is pinned at 10.0.0, which this machine's package source does not serve.</remarks>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
