namespace DurableWrites.Analyzers;

/// <summary>Keys of the properties a diagnostic carries to its code fix.</summary>
public static class DiagnosticProperties
{
    /// <summary>DUR001: the statements that flush the stream to disk (wrappers first), one per line.</summary>
    public const string FlushStatements = "FlushStatements";

    /// <summary>DUR002, and DUR005 for a native rename: the path expression whose directory to sync, as source text.</summary>
    public const string SyncPath = "SyncPath";

    /// <summary>DUR002 for a copy: the new file's data is not on the disk either, so the fix flushes the file and its directory.</summary>
    public const string CopiedFile = "CopiedFile";

    /// <summary>DUR003: the path expressions the method wrote, one per line, as source text.</summary>
    public const string SyncPaths = "SyncPaths";

    /// <summary>DUR005 for a native rename (no runtime twin): the renamed file's path, to flush before the rename, as source text.</summary>
    public const string FlushPath = "FlushPath";

    /// <summary>DUR005: the temporary file is written by one call that can write the target directly.</summary>
    public const string Collapse = "Collapse";

    /// <summary>DUR001, DUR002: the method never closes the stream it opens, so a stream that flushes when closed would not help.</summary>
    public const string NeverClosed = "NeverClosed";

    /// <summary>DUR001 for a FileStream kept in a field: the Flush or FlushAsync call to make a flush to disk.</summary>
    public const string FieldFlush = "FieldFlush";

    /// <summary>DUR001 for a writer kept in a field: "Writer" (a StreamWriter or BinaryWriter) or "TextWriter" (always a StreamWriter), to reach its file stream.</summary>
    public const string FieldWriter = "FieldWriter";

    /// <summary>The call has no runtime twin: a configured write method, a settings save, a call through IFileSystem.</summary>
    public const string NoRuntimeTwin = "NoRuntimeTwin";
}
