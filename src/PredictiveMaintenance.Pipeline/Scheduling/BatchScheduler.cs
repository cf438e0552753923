using Cronos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PredictiveMaintenance.Pipeline;

/// <summary>
/// Runs a batch at the occurrences of a cron expression until stopped, one batch at a time: an occurrence that passes
/// while a batch runs is skipped, not queued, and the next batch starts at the first occurrence after the last one ends.
/// </summary>
/// <remarks>
/// One scheduler never overlaps batches. Separate processes (a scheduler and a one-shot run from cron) are kept apart
/// by <see cref="BatchPipeline"/>'s lock on its state folder. A batch that throws is logged and the schedule goes on;
/// cancellation stops the wait or the running batch.
/// </remarks>
public sealed partial class BatchScheduler
{
    private readonly CronExpression _cron;
    private readonly TimeZoneInfo _timeZone;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a scheduler.</summary>
    /// <param name="cron">A cron expression of five fields (minute precision) or six (seconds first).</param>
    /// <param name="timeZone">The time zone the expression is read in; UTC when null.</param>
    /// <param name="timeProvider">The clock; the system's when null.</param>
    /// <param name="logger">Where occurrences, skips and failures are logged; none when null.</param>
    /// <exception cref="CronFormatException">The expression is not valid.</exception>
    public BatchScheduler(string cron, TimeZoneInfo? timeZone = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(cron);
        _cron = ParseCron(cron);
        Expression = cron;
        _timeZone = timeZone ?? TimeZoneInfo.Utc;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The cron expression.</summary>
    public string Expression { get; }

    /// <summary>Raised (for tests) when the scheduler has chosen its next occurrence and starts waiting for it.</summary>
    internal event Action<DateTimeOffset>? Waiting;

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when the expression has none.</summary>
    /// <param name="after">The instant to search from.</param>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after) => _cron.GetNextOccurrence(after, _timeZone, inclusive: false);

    /// <summary>Runs <paramref name="batch"/> at each occurrence until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="batch">The batch; it receives the occurrence it runs for.</param>
    /// <param name="cancellationToken">Stops the schedule.</param>
    /// <returns>The number of batches run (completed or failed) when the schedule stopped.</returns>
    /// <exception cref="OperationCanceledException">Never: cancellation ends the schedule normally.</exception>
    public async Task<int> RunAsync(Func<DateTimeOffset, CancellationToken, Task> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int runs = 0;
        DateTimeOffset from = _timeProvider.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            DateTimeOffset? next = GetNextOccurrence(from);
            if (next is not { } due)
            {
                LogNoMoreOccurrences(_logger, Expression);
                return runs;
            }

            LogWaiting(_logger, due);
            Waiting?.Invoke(due);
            try
            {
                TimeSpan delay = due - _timeProvider.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return runs;
            }

            LogStarting(_logger, due);
            try
            {
                await batch(due, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return runs + 1;
            }
#pragma warning disable CA1031 // A failed batch must not end the schedule; it is logged and the next occurrence retries.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(_logger, e, due);
            }

            runs++;
            DateTimeOffset finished = _timeProvider.GetUtcNow();
            int skipped = CountOccurrences(due, finished);
            if (skipped > 0)
            {
                LogSkipped(_logger, skipped, due, finished);
            }

            // The next batch starts at the first occurrence after this one ended, never at the ones it overran.
            from = finished > due ? finished : due;
        }

        return runs;
    }

    internal static CronExpression ParseCron(string cron) =>
        CronExpression.Parse(cron, cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);

    private int CountOccurrences(DateTimeOffset after, DateTimeOffset until)
    {
        int count = 0;
        for (DateTimeOffset? t = GetNextOccurrence(after); t is { } at && at <= until && count < 1_000_000; t = GetNextOccurrence(at))
        {
            count++;
        }

        return count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Next batch at {Due:u}")]
    private static partial void LogWaiting(ILogger logger, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting the batch of {Due:u}")]
    private static partial void LogStarting(ILogger logger, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Error, Message = "The batch of {Due:u} failed; the schedule goes on")]
    private static partial void LogFailed(ILogger logger, Exception exception, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Skipped} occurrences while the batch of {Due:u} ran until {Finished:u}")]
    private static partial void LogSkipped(ILogger logger, int skipped, DateTimeOffset due, DateTimeOffset finished);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cron expression '{Expression}' has no more occurrences; the schedule ends")]
    private static partial void LogNoMoreOccurrences(ILogger logger, string expression);
}
