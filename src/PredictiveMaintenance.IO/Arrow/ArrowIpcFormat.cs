namespace PredictiveMaintenance.IO;

/// <summary>The two encodings of Arrow IPC data.</summary>
public enum ArrowIpcFormat
{
    /// <summary>The random-access file format (Feather v2, <c>.arrow</c>): magic bytes, the stream, and a footer indexing the batches.</summary>
    File,

    /// <summary>The streaming format (<c>.arrows</c>): a schema message, then dictionary and record batch messages, read front to back.</summary>
    Stream,
}
