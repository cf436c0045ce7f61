using Microsoft.CodeAnalysis;

namespace DurableWrites.Analyzers;

internal enum FileOperationKind
{
    /// <summary>A stream or handle opened on a file: File.Create/Open/OpenWrite/OpenHandle, FileInfo.Create/Open/OpenWrite, new FileStream(path, …).</summary>
    OpenStream,

    /// <summary>A call that writes a whole file (or appends to it) and returns: File.WriteAllText, new StreamWriter(path), XDocument.Save(path), ….</summary>
    OneShotWrite,

    Copy,
    Move,
    Replace,
    Delete,
    DirectoryMove,
    DirectoryDelete,
    CreateDirectory,

    /// <summary>A DurableWrites call, or a configured sync method: what it touches is durable when it returns.</summary>
    Durable,

    /// <summary>sync()/syncfs() in any of its forms.</summary>
    GlobalSync,
}

/// <summary>One file-system call found in a method, with the facts the rules need about it.</summary>
internal sealed class FileOperation
{
    public FileOperation(FileOperationKind kind, IOperation operation, string apiName, IOperation? path)
    {
        Kind = kind;
        Operation = operation;
        ApiName = apiName;
        Path = path;
    }

    public FileOperationKind Kind { get; }

    /// <summary>The invocation, object creation or assignment in the method's operation tree.</summary>
    public IOperation Operation { get; }

    public SyntaxNode Syntax => Operation.Syntax;

    /// <summary>The API as a reader knows it, e.g. <c>File.Move</c>.</summary>
    public string ApiName { get; }

    /// <summary>The path written, created or renamed to (the destination of a move, copy or replace); null when not visible.</summary>
    public IOperation? Path { get; }

    /// <summary>The source of a move, copy or replace.</summary>
    public IOperation? Source { get; set; }

    /// <summary>For streams: whether opening can create the file (FileMode.Create, CreateNew, OpenOrCreate, Append).</summary>
    public bool MayCreateEntry { get; set; }

    /// <summary>For streams: whether opening always creates or truncates the file (FileMode.Create, CreateNew).</summary>
    public bool AlwaysCreatesEntry { get; set; }

    public bool Writable { get; set; }

    public bool WriteThrough { get; set; }

    /// <summary>For streams: opened with FileOptions.DeleteOnClose, a scratch file that is gone once closed.</summary>
    public bool DeletedOnClose { get; set; }

    /// <summary>
    /// For streams: a lock file, opened with an explicit FileShare.None under a name that says so; it keeps other
    /// processes out while it is open, and a crash ends what it guards.
    /// </summary>
    public bool HeldAsLock { get; set; }

    /// <summary>A rename through a native import (libc's rename, kernel32's MoveFileEx): there is no runtime twin to rewrite it to.</summary>
    public bool IsNativeRename { get; set; }

    /// <summary>A SafeFileHandle from File.OpenHandle rather than a stream.</summary>
    public bool IsHandle { get; set; }

    /// <summary>
    /// There is no runtime twin to rewrite it to: a call matched through the additional_write_methods option, or a
    /// settings save that writes a file it does not name.
    /// </summary>
    public bool NoRuntimeTwin { get; set; }

    /// <summary>How the message names the file when no path expression does (a settings save's <c>user.config</c>).</summary>
    public string? PathDisplay { get; set; }

    /// <summary>
    /// Made through System.IO.Abstractions' IFileSystem: the code is written against a file system it is given (a
    /// MockFileSystem in its tests), so no fix may take the call to the disk directly.
    /// </summary>
    public bool ThroughAbstraction { get; set; }

    /// <summary>
    /// A stream on a file of an isolated store (IsolatedStorageFile.OpenFile, new IsolatedStorageFileStream): a
    /// FileStream whose path is relative to a store, which chooses, and does not show, the directory it is in.
    /// </summary>
    public bool InIsolatedStorage { get; set; }

    /// <summary>For DUR003: a ProcessStartInfo naming sync, which is started somewhere else.</summary>
    public bool IsIndirectProcess { get; set; }

    /// <summary>For DUR003: a shell command line that runs sync and other commands (<c>sh -c "cp a b &amp;&amp; sync"</c>).</summary>
    public bool RunsOtherCommands { get; set; }
}
