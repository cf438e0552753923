namespace PredictiveMaintenance.DeltaLake;

/// <summary>The columns of a checkpoint this package reads and writes (PROTOCOL.md, Checkpoint Schema); others are ignored.</summary>
internal static class CheckpointSchema
{
    private static readonly DeltaPrimitiveType S = DeltaPrimitiveType.String;
    private static readonly DeltaPrimitiveType L = DeltaPrimitiveType.Long;
    private static readonly DeltaPrimitiveType I = DeltaPrimitiveType.Integer;
    private static readonly DeltaPrimitiveType B = DeltaPrimitiveType.Boolean;

    public static DeltaStructType DeletionVector { get; } = new(
        new DeltaStructField("storageType", S),
        new DeltaStructField("pathOrInlineDv", S),
        new DeltaStructField("offset", I),
        new DeltaStructField("sizeInBytes", I),
        new DeltaStructField("cardinality", L));

    public static DeltaStructType Transaction { get; } = new(
        new DeltaStructField("appId", S),
        new DeltaStructField("version", L),
        new DeltaStructField("lastUpdated", L));

    public static DeltaStructType Add { get; } = new(
        new DeltaStructField("path", S),
        new DeltaStructField("partitionValues", new DeltaMapType(S, S)),
        new DeltaStructField("size", L),
        new DeltaStructField("modificationTime", L),
        new DeltaStructField("dataChange", B),
        new DeltaStructField("stats", S),
        new DeltaStructField("tags", new DeltaMapType(S, S)),
        new DeltaStructField("deletionVector", DeletionVector),
        new DeltaStructField("baseRowId", L),
        new DeltaStructField("defaultRowCommitVersion", L));

    public static DeltaStructType Remove { get; } = new(
        new DeltaStructField("path", S),
        new DeltaStructField("deletionTimestamp", L),
        new DeltaStructField("dataChange", B),
        new DeltaStructField("extendedFileMetadata", B),
        new DeltaStructField("partitionValues", new DeltaMapType(S, S)),
        new DeltaStructField("size", L),
        new DeltaStructField("deletionVector", DeletionVector));

    public static DeltaStructType Metadata { get; } = new(
        new DeltaStructField("id", S),
        new DeltaStructField("name", S),
        new DeltaStructField("description", S),
        new DeltaStructField("format", new DeltaStructType(new DeltaStructField("provider", S), new DeltaStructField("options", new DeltaMapType(S, S)))),
        new DeltaStructField("schemaString", S),
        new DeltaStructField("partitionColumns", new DeltaArrayType(S)),
        new DeltaStructField("configuration", new DeltaMapType(S, S)),
        new DeltaStructField("createdTime", L));

    public static DeltaStructType Protocol { get; } = new(
        new DeltaStructField("minReaderVersion", I),
        new DeltaStructField("minWriterVersion", I),
        new DeltaStructField("readerFeatures", new DeltaArrayType(S)),
        new DeltaStructField("writerFeatures", new DeltaArrayType(S)));

    public static DeltaStructType Domain { get; } = new(
        new DeltaStructField("domain", S),
        new DeltaStructField("configuration", S),
        new DeltaStructField("removed", B));

    public static DeltaStructType Sidecar { get; } = new(
        new DeltaStructField("path", S),
        new DeltaStructField("sizeInBytes", L),
        new DeltaStructField("modificationTime", L));

    /// <summary>The columns read from classic, multi-part and V2 checkpoints and sidecars.</summary>
    public static DeltaStructType Read { get; } = new(
        new DeltaStructField("txn", Transaction),
        new DeltaStructField("add", Add),
        new DeltaStructField("remove", Remove),
        new DeltaStructField("metaData", Metadata),
        new DeltaStructField("protocol", Protocol),
        new DeltaStructField("domainMetadata", Domain),
        new DeltaStructField("sidecar", Sidecar));

    /// <summary>The columns of the V1 checkpoints this package writes.</summary>
    public static DeltaStructType Write { get; } = new(
        new DeltaStructField("txn", Transaction),
        new DeltaStructField("add", Add),
        new DeltaStructField("remove", Remove),
        new DeltaStructField("metaData", Metadata),
        new DeltaStructField("protocol", Protocol),
        new DeltaStructField("domainMetadata", Domain));
}
