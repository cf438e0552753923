using System.Globalization;
using System.Text.Json;

namespace PredictiveMaintenance.Storage;

/// <summary>
/// A lease in an object store: a small record object naming its holder and an expiry, created with put-if-absent,
/// renewed in the background by replacing it only if it is unchanged (If-Match on its ETag), and taken over by another
/// process, with the same conditional replace, only once it has expired.
/// </summary>
/// <remarks>
/// The expiry is written by the holder's clock and read by the others', so clocks must agree to well within a third of
/// <see cref="StorageOptions.LeaseDuration"/>: the holder renews every third of it.
/// </remarks>
internal sealed class RenewedLease : ObjectLease
{
    private readonly RemoteObjectStore _store;
    private readonly string _key;
    private readonly string _holder;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private string _etag;
    private DateTimeOffset _expires;
    private string? _lost;

    private RenewedLease(RemoteObjectStore store, string key, string holder, string etag, DateTimeOffset expires, TimeSpan duration, TimeProvider time)
    {
        _store = store;
        _key = key;
        _holder = holder;
        _etag = etag;
        _expires = expires;
        _duration = duration;
        _time = time;
        _renewing = RenewAsync();
    }

    public override string ObjectName => _store.Describe(_key);

    public static async Task<RenewedLease> AcquireAsync(RemoteObjectStore store, string key, TimeSpan duration, TimeProvider time, CancellationToken cancellationToken)
    {
        string holder = FormattableString.Invariant($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
        for (int attempt = 0; ; attempt++)
        {
            DateTimeOffset expires = time.GetUtcNow() + duration;
            byte[] record = Record(holder, expires);
            bool created;
            try
            {
                created = await store.PutIfAbsentAsync(key, record, null, cancellationToken).ConfigureAwait(false);
            }
            catch (FileNotFoundException)
            {
                // Taken, then released before the store could compare it with this record: try again.
                continue;
            }

            if (created)
            {
                // The ETag renewals are conditioned on; the record is this holder's alone, so it is still this one.
                if (await store.TryReadVersionedAsync(key, cancellationToken).ConfigureAwait(false) is { } written && written.Content.AsSpan().SequenceEqual(record))
                {
                    return new RenewedLease(store, key, holder, written.ETag, expires, duration, time);
                }

                continue;
            }

            if (await store.TryReadVersionedAsync(key, cancellationToken).ConfigureAwait(false) is not { } current)
            {
                continue;
            }

            (string? other, DateTimeOffset? until) = Parse(current.Content);
            if (until > time.GetUtcNow() || attempt >= 3)
            {
                throw new LeaseTakenException(store.Describe(key), other, until);
            }

            // Expired (or not a lease record at all): take it over, unless someone else did since it was read.
            if (await store.ReplaceIfMatchAsync(key, record, current.ETag, cancellationToken).ConfigureAwait(false) is { } etag)
            {
                return new RenewedLease(store, key, holder, etag, expires, duration, time);
            }
        }
    }

    public override void ThrowIfLost()
    {
        if (_lost is { } reason)
        {
            throw new LeaseTakenException($"{ObjectName}: the lease of '{_holder}' was lost ({reason}).");
        }
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        _stop.Dispose();
        if (_lost is null)
        {
            try
            {
                // A renewal cancelled by this dispose may still have landed, changing the ETag: then the record, if it
                // still names this holder, is deleted at the ETag it has now.
                if (!await _store.DeleteIfMatchAsync(_key, _etag, CancellationToken.None).ConfigureAwait(false)
                    && await _store.TryReadVersionedAsync(_key, CancellationToken.None).ConfigureAwait(false) is { } current
                    && Parse(current.Content).Holder == _holder)
                {
                    await _store.DeleteIfMatchAsync(_key, current.ETag, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (StorageException)
            {
                // Not released now, so it expires by itself within the lease duration; nothing it guarded is affected.
            }
        }
    }

    private async Task RenewAsync()
    {
        while (_lost is null)
        {
            try
            {
                await Task.Delay(_duration / 3, _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            DateTimeOffset expires = _time.GetUtcNow() + _duration;
            try
            {
                if (await _store.ReplaceIfMatchAsync(_key, Record(_holder, expires), _etag, _stop.Token).ConfigureAwait(false) is { } etag)
                {
                    (_etag, _expires) = (etag, expires);
                }
                else
                {
                    _lost = "the lease record changed: another holder took it";
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (StorageException e) when (_time.GetUtcNow() < _expires)
            {
                // Renewed at the next tick; the lease holds until its expiry meanwhile.
                _ = e;
            }
            catch (StorageException e)
            {
                _lost = FormattableString.Invariant($"it expired at {_expires.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} while renewals failed: {e.Message}");
            }
        }
    }

    private static byte[] Record(string holder, DateTimeOffset expires) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["holder"] = holder,
            ["expires"] = expires.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        });

    private static (string? Holder, DateTimeOffset? Expires) Parse(byte[] content)
    {
        try
        {
            Dictionary<string, string>? record = JsonSerializer.Deserialize<Dictionary<string, string>>(content);
            return record is not null && record.TryGetValue("holder", out string? holder) && record.TryGetValue("expires", out string? expires)
                ? (holder, DateTimeOffset.Parse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal))
                : (null, null);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return (null, null);
        }
    }
}
