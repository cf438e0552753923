using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Pipeline;

/// <summary>
/// The exclusive lock on a pipeline's state: the lease on its <c>.lock</c> object, held by an open file on local disk
/// (released by the operating system if the process dies) or by a renewed lease record in an object store (expiring
/// <see cref="StorageOptions.LeaseDuration"/> after its holder stops renewing it).
/// </summary>
internal static class PipelineLock
{
    public const string Key = ".lock";

    public static async Task<ObjectLease> AcquireAsync(ObjectStore state, CancellationToken cancellationToken)
    {
        try
        {
            return await state.AcquireLeaseAsync(Key, cancellationToken).ConfigureAwait(false);
        }
        catch (LeaseTakenException e)
        {
            string who = e.Holder is null ? $"it holds '{e.ObjectName}'" : $"{e.ObjectName}: {e.Problem?.TrimEnd('.')}";
            throw new PipelineBusyException($"Another batch of this pipeline is running ({who}); batches never run at once.", e);
        }
    }
}
