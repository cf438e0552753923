namespace PredictiveMaintenance.DeltaLake;

/// <summary>One action of a commit or checkpoint; exactly one member is set.</summary>
internal sealed class LogAction
{
    public DeltaAddFile? Add { get; init; }

    public DeltaRemoveFile? Remove { get; init; }

    public DeltaProtocol? Protocol { get; init; }

    public DeltaMetadata? Metadata { get; init; }

    public DeltaTransaction? Transaction { get; init; }

    public DeltaDomainMetadata? Domain { get; init; }

    /// <summary>The raw JSON of a commitInfo action.</summary>
    public string? CommitInfoJson { get; init; }

    /// <summary>A V2 checkpoint's sidecar file name (relative to <c>_delta_log/_sidecars</c>).</summary>
    public string? SidecarPath { get; init; }
}
