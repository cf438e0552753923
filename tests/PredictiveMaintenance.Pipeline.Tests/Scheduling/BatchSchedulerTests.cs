using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace PredictiveMaintenance.Pipeline.Tests.Scheduling;

public sealed class BatchSchedulerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_BatchOverrunsOccurrences_NeverRunsTwoAtOnceAndSkipsTheOverrunOnes()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 30, TimeSpan.Zero));
        var scheduler = new BatchScheduler("*/5 * * * *", timeProvider: time);
        var waiting = Channel.CreateUnbounded<DateTimeOffset>();
        var started = Channel.CreateUnbounded<DateTimeOffset>();
        scheduler.Waiting += due => waiting.Writer.TryWrite(due);
        var release = new TaskCompletionSource();
        int running = 0, maxRunning = 0;
        var batchTimes = new List<DateTimeOffset>();
        using var stop = new CancellationTokenSource();

        Task<int> schedule = scheduler.RunAsync(async (due, ct) =>
        {
            maxRunning = Math.Max(maxRunning, Interlocked.Increment(ref running));
            batchTimes.Add(time.GetUtcNow());
            started.Writer.TryWrite(due);
            if (batchTimes.Count == 1)
            {
                await release.Task.WaitAsync(ct);
            }

            Interlocked.Decrement(ref running);
        }, stop.Token);

        Assert.Equal(At(0, 5), await waiting.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        time.Advance(TimeSpan.FromMinutes(4.5));
        Assert.Equal(At(0, 5), await started.Reader.ReadAsync().AsTask().WaitAsync(Patience));

        // The first batch runs for 17 minutes: the occurrences at 10, 15 and 20 pass meanwhile.
        time.Advance(TimeSpan.FromMinutes(17));
        Assert.False(started.Reader.TryRead(out _));
        release.SetResult();
        Assert.Equal(At(0, 25), await waiting.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(At(0, 25), await started.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(At(0, 30), await waiting.Reader.ReadAsync().AsTask().WaitAsync(Patience));

        await stop.CancelAsync();
        Assert.Equal(2, await schedule.WaitAsync(Patience));
        Assert.Equal(1, maxRunning);
        Assert.Equal([At(0, 5), At(0, 25)], batchTimes);
    }

    [Fact]
    public async Task RunAsync_BatchThrows_ScheduleGoesOn()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var scheduler = new BatchScheduler("0 * * * *", timeProvider: time);
        var waiting = Channel.CreateUnbounded<DateTimeOffset>();
        scheduler.Waiting += due => waiting.Writer.TryWrite(due);
        int calls = 0;
        using var stop = new CancellationTokenSource();

        Task<int> schedule = scheduler.RunAsync((_, _) => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask, stop.Token);

        Assert.Equal(At(1, 0), await waiting.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(At(2, 0), await waiting.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(At(3, 0), await waiting.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        await stop.CancelAsync();

        Assert.Equal(2, await schedule.WaitAsync(Patience));
        Assert.Equal(2, calls);
    }

    [Fact]
    public void GetNextOccurrence_TimeZone_ReadsTheExpressionInIt()
    {
        var scheduler = new BatchScheduler("0 2 * * *", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        Assert.Equal(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero), scheduler.GetNextOccurrence(new DateTimeOffset(2026, 6, 30, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero), scheduler.GetNextOccurrence(new DateTimeOffset(2025, 12, 31, 12, 0, 0, TimeSpan.Zero)));
    }

    private static DateTimeOffset At(int hour, int minute) => new(2026, 1, 1, hour, minute, 0, TimeSpan.Zero);
}
