using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DurableWrites.Platform;
using Microsoft.Win32.SafeHandles;

namespace DurableWrites;

/// <summary>
/// Durable twins of <see cref="File"/>'s writing methods. Each returns only once its effect survives a power cut:
/// the data is flushed to the device and every directory whose entries changed is flushed too.
/// Whole-file writes are atomic: readers, and the disk after a crash, hold the old content or the new one, never a mix.
/// Arguments, defaults, encodings and exceptions match <see cref="File"/>'s; failures of a step throw
/// <see cref="DurableWriteException"/> (an <see cref="IOException"/>) naming the path, the step and the OS error.
/// </summary>
public static class DurableFile
{
    /// <summary>The encoding System.IO uses when none is given: UTF-8 without a byte order mark.</summary>
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const int DefaultBufferSize = 4096;
    private const int DefaultWriterBufferSize = 1024;

    // ---- Whole-file replace: temp file → flush → rename → directory flush ----

    /// <summary>Atomically replaces (or creates) <paramref name="path"/> with <paramref name="bytes"/>, durably.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        RequireNotNull(bytes, nameof(bytes));
        AtomicReplace.WriteBytes(path, bytes, "write");
    }

    /// <summary>Atomically replaces (or creates) <paramref name="path"/> with <paramref name="contents"/> as UTF-8, durably.</summary>
    public static void WriteAllText(string path, string? contents) => WriteAllText(path, contents, Utf8NoBom);

    /// <summary>Atomically replaces (or creates) <paramref name="path"/> with <paramref name="contents"/>, durably.</summary>
    public static void WriteAllText(string path, string? contents, Encoding encoding)
    {
        RequireNotNull(encoding, nameof(encoding));
        AtomicReplace.Write(path, stream => WriteText(stream, contents, encoding), "write");
    }

    /// <summary>Atomically replaces (or creates) <paramref name="path"/> with the lines, each followed by a newline, as UTF-8, durably.</summary>
    public static void WriteAllLines(string path, IEnumerable<string> contents) => WriteAllLines(path, contents, Utf8NoBom);

    /// <summary>Atomically replaces (or creates) <paramref name="path"/> with the lines, each followed by a newline, durably.</summary>
    public static void WriteAllLines(string path, IEnumerable<string> contents, Encoding encoding)
    {
        RequireNotNull(contents, nameof(contents));
        RequireNotNull(encoding, nameof(encoding));
        AtomicReplace.Write(path, stream => WriteLines(stream, contents, encoding), "write");
    }

    /// <summary>
    /// Atomically replaces (or creates) <paramref name="path"/> with whatever <paramref name="writeContent"/> writes
    /// to the stream it is given (a temporary file beside the target), durably. For serializers and
    /// <c>Save(Stream)</c> methods: <c>DurableFile.Write(path, stream =&gt; document.Save(stream))</c>.
    /// If <paramref name="writeContent"/> throws, the target is left unchanged.
    /// </summary>
    public static void Write(string path, Action<Stream> writeContent)
    {
        RequireNotNull(writeContent, nameof(writeContent));
        AtomicReplace.Write(path, stream => writeContent(stream), "write");
    }

    /// <summary>Asynchronous <see cref="WriteAllBytes(string, byte[])"/>. Cancellation before the rename leaves the target unchanged.</summary>
    public static Task WriteAllBytesAsync(string path, byte[] bytes, CancellationToken cancellationToken = default)
    {
        RequireNotNull(bytes, nameof(bytes));
        return AtomicReplace.WriteAsync(path, (stream, ct) => stream.WriteAsync(bytes, 0, bytes.Length, ct), "write", cancellationToken, bufferSize: 0);
    }

    /// <summary>Asynchronous <see cref="WriteAllText(string, string)"/>.</summary>
    public static Task WriteAllTextAsync(string path, string? contents, CancellationToken cancellationToken = default) =>
        WriteAllTextAsync(path, contents, Utf8NoBom, cancellationToken);

    /// <summary>Asynchronous <see cref="WriteAllText(string, string, Encoding)"/>.</summary>
    public static Task WriteAllTextAsync(string path, string? contents, Encoding encoding, CancellationToken cancellationToken = default)
    {
        RequireNotNull(encoding, nameof(encoding));
        return AtomicReplace.WriteAsync(path, (stream, ct) => WriteTextAsync(stream, contents, encoding, ct), "write", cancellationToken);
    }

    /// <summary>Asynchronous <see cref="WriteAllLines(string, IEnumerable{string})"/>.</summary>
    public static Task WriteAllLinesAsync(string path, IEnumerable<string> contents, CancellationToken cancellationToken = default) =>
        WriteAllLinesAsync(path, contents, Utf8NoBom, cancellationToken);

    /// <summary>Asynchronous <see cref="WriteAllLines(string, IEnumerable{string}, Encoding)"/>.</summary>
    public static Task WriteAllLinesAsync(string path, IEnumerable<string> contents, Encoding encoding, CancellationToken cancellationToken = default)
    {
        RequireNotNull(contents, nameof(contents));
        RequireNotNull(encoding, nameof(encoding));
        return AtomicReplace.WriteAsync(path, (stream, ct) => WriteLinesAsync(stream, contents, encoding, ct), "write", cancellationToken);
    }

    /// <summary>Asynchronous <see cref="Write(string, Action{Stream})"/>.</summary>
    public static Task WriteAsync(string path, Func<Stream, CancellationToken, Task> writeContent, CancellationToken cancellationToken = default)
    {
        RequireNotNull(writeContent, nameof(writeContent));
        return AtomicReplace.WriteAsync(path, (stream, ct) => writeContent(stream, ct), "write", cancellationToken);
    }

#if NET8_0_OR_GREATER
    /// <summary>Atomically replaces (or creates) <paramref name="path"/> with <paramref name="bytes"/>, durably.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes) => WriteAllBytes(path, bytes.ToArray());

    /// <summary>Asynchronous <see cref="WriteAllBytes(string, ReadOnlySpan{byte})"/>.</summary>
    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        AtomicReplace.WriteAsync(path, (stream, ct) => stream.WriteAsync(bytes, ct).AsTask(), "write", cancellationToken, bufferSize: 0);

    /// <summary>Atomically replaces (or creates) <paramref name="path"/> with <paramref name="contents"/> as UTF-8, durably.</summary>
    public static void WriteAllText(string path, ReadOnlySpan<char> contents) => WriteAllText(path, contents.ToString());

    /// <summary>Atomically replaces (or creates) <paramref name="path"/> with <paramref name="contents"/>, durably.</summary>
    public static void WriteAllText(string path, ReadOnlySpan<char> contents, Encoding encoding) => WriteAllText(path, contents.ToString(), encoding);

    /// <summary>Asynchronous <see cref="WriteAllText(string, ReadOnlySpan{char})"/>.</summary>
    public static Task WriteAllTextAsync(string path, ReadOnlyMemory<char> contents, CancellationToken cancellationToken = default) =>
        WriteAllTextAsync(path, contents.ToString(), Utf8NoBom, cancellationToken);

    /// <summary>Asynchronous <see cref="WriteAllText(string, ReadOnlySpan{char}, Encoding)"/>.</summary>
    public static Task WriteAllTextAsync(string path, ReadOnlyMemory<char> contents, Encoding encoding, CancellationToken cancellationToken = default) =>
        WriteAllTextAsync(path, contents.ToString(), encoding, cancellationToken);
#endif

    // ---- Appends: write at the end → flush to disk → flush the directory if the file is new ----

    /// <summary>Appends <paramref name="contents"/> as UTF-8, creating the file if needed, durably.</summary>
    public static void AppendAllText(string path, string? contents) => AppendAllText(path, contents, Utf8NoBom);

    /// <summary>Appends <paramref name="contents"/>, creating the file if needed, durably. If the append fails, the file is cut back to its old length.</summary>
    public static void AppendAllText(string path, string? contents, Encoding encoding)
    {
        RequireNotNull(encoding, nameof(encoding));
#if NET8_0_OR_GREATER
        // Without a preamble (which goes only at the start of an empty file) the text is its bytes, written the short way.
        if (CurrentPlatform.Instance is UnixPlatform { CanCreateExclusive: true } unix && encoding.Preamble.Length == 0
            && AppendToExistingFile(unix, DurablePath.Full(path, nameof(path)), encoding.GetBytes(contents ?? string.Empty)))
        {
            return;
        }
#endif
        Append(path, stream => WriteText(stream, contents, encoding));
    }

    /// <summary>Appends the lines, each followed by a newline, as UTF-8, durably.</summary>
    public static void AppendAllLines(string path, IEnumerable<string> contents) => AppendAllLines(path, contents, Utf8NoBom);

    /// <summary>Appends the lines, each followed by a newline, durably.</summary>
    public static void AppendAllLines(string path, IEnumerable<string> contents, Encoding encoding)
    {
        RequireNotNull(contents, nameof(contents));
        RequireNotNull(encoding, nameof(encoding));
        Append(path, stream => WriteLines(stream, contents, encoding));
    }

    /// <summary>Appends <paramref name="bytes"/>, creating the file if needed, durably.</summary>
    public static void AppendAllBytes(string path, byte[] bytes)
    {
        RequireNotNull(bytes, nameof(bytes));
#if NET8_0_OR_GREATER
        if (CurrentPlatform.Instance is UnixPlatform { CanCreateExclusive: true } unix && AppendToExistingFile(unix, DurablePath.Full(path, nameof(path)), bytes))
        {
            return;
        }
#endif
        Append(path, stream => stream.Write(bytes, 0, bytes.Length));
    }

    /// <summary>Asynchronous <see cref="AppendAllText(string, string)"/>.</summary>
    public static Task AppendAllTextAsync(string path, string? contents, CancellationToken cancellationToken = default) =>
        AppendAllTextAsync(path, contents, Utf8NoBom, cancellationToken);

    /// <summary>Asynchronous <see cref="AppendAllText(string, string, Encoding)"/>.</summary>
    public static Task AppendAllTextAsync(string path, string? contents, Encoding encoding, CancellationToken cancellationToken = default)
    {
        RequireNotNull(encoding, nameof(encoding));
        return AppendAsync(path, (stream, ct) => WriteTextAsync(stream, contents, encoding, ct), cancellationToken);
    }

    /// <summary>Asynchronous <see cref="AppendAllLines(string, IEnumerable{string})"/>.</summary>
    public static Task AppendAllLinesAsync(string path, IEnumerable<string> contents, CancellationToken cancellationToken = default) =>
        AppendAllLinesAsync(path, contents, Utf8NoBom, cancellationToken);

    /// <summary>Asynchronous <see cref="AppendAllLines(string, IEnumerable{string}, Encoding)"/>.</summary>
    public static Task AppendAllLinesAsync(string path, IEnumerable<string> contents, Encoding encoding, CancellationToken cancellationToken = default)
    {
        RequireNotNull(contents, nameof(contents));
        RequireNotNull(encoding, nameof(encoding));
        return AppendAsync(path, (stream, ct) => WriteLinesAsync(stream, contents, encoding, ct), cancellationToken);
    }

    /// <summary>Asynchronous <see cref="AppendAllBytes(string, byte[])"/>.</summary>
    public static Task AppendAllBytesAsync(string path, byte[] bytes, CancellationToken cancellationToken = default)
    {
        RequireNotNull(bytes, nameof(bytes));
        return AppendAsync(path, (stream, ct) => stream.WriteAsync(bytes, 0, bytes.Length, ct), cancellationToken);
    }

#if NET8_0_OR_GREATER
    /// <summary>Appends <paramref name="bytes"/>, creating the file if needed, durably.</summary>
    public static void AppendAllBytes(string path, ReadOnlySpan<byte> bytes) => AppendAllBytes(path, bytes.ToArray());

    /// <summary>Asynchronous <see cref="AppendAllBytes(string, ReadOnlySpan{byte})"/>.</summary>
    public static Task AppendAllBytesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        AppendAsync(path, (stream, ct) => stream.WriteAsync(bytes, ct).AsTask(), cancellationToken);

    /// <summary>Appends <paramref name="contents"/> as UTF-8, durably.</summary>
    public static void AppendAllText(string path, ReadOnlySpan<char> contents) => AppendAllText(path, contents.ToString());

    /// <summary>Appends <paramref name="contents"/>, durably.</summary>
    public static void AppendAllText(string path, ReadOnlySpan<char> contents, Encoding encoding) => AppendAllText(path, contents.ToString(), encoding);

    /// <summary>Asynchronous <see cref="AppendAllText(string, ReadOnlySpan{char})"/>.</summary>
    public static Task AppendAllTextAsync(string path, ReadOnlyMemory<char> contents, CancellationToken cancellationToken = default) =>
        AppendAllTextAsync(path, contents.ToString(), Utf8NoBom, cancellationToken);

    /// <summary>Asynchronous <see cref="AppendAllText(string, ReadOnlySpan{char}, Encoding)"/>.</summary>
    public static Task AppendAllTextAsync(string path, ReadOnlyMemory<char> contents, Encoding encoding, CancellationToken cancellationToken = default) =>
        AppendAllTextAsync(path, contents.ToString(), encoding, cancellationToken);
#endif

    // ---- Streams that flush to disk (and flush their directory when they created the file) on dispose ----

    /// <summary>Like <see cref="File.Create(string)"/>: creates or truncates the file for reading and writing.</summary>
    public static DurableFileStream Create(string path) => new(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None);

    /// <summary>Like <see cref="File.Create(string, int)"/>.</summary>
    public static DurableFileStream Create(string path, int bufferSize) =>
        new(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize);

    /// <summary>Like <see cref="File.Create(string, int, FileOptions)"/>.</summary>
    public static DurableFileStream Create(string path, int bufferSize, FileOptions options) =>
        new(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize, options);

    /// <summary>Like <see cref="File.Open(string, FileMode)"/>: write-only for <see cref="FileMode.Append"/>, read-write otherwise.</summary>
    public static DurableFileStream Open(string path, FileMode mode) =>
        Open(path, mode, mode == FileMode.Append ? FileAccess.Write : FileAccess.ReadWrite);

    /// <summary>Like <see cref="File.Open(string, FileMode, FileAccess, FileShare)"/>, with a buffer size and options as <see cref="FileStream"/> takes them.</summary>
    public static DurableFileStream Open(string path, FileMode mode, FileAccess access = FileAccess.ReadWrite, FileShare share = FileShare.None,
        int bufferSize = DefaultBufferSize, FileOptions options = FileOptions.None) =>
        new(path, mode, access, share, bufferSize, options);

#if NET8_0_OR_GREATER
    /// <summary>Like <see cref="File.Open(string, FileStreamOptions)"/>.</summary>
    public static DurableFileStream Open(string path, FileStreamOptions options) => new(path, options);
#endif

    /// <summary>Like <see cref="File.OpenWrite(string)"/>: opens or creates the file for writing, without truncating it.</summary>
    public static DurableFileStream OpenWrite(string path) => new(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None);

    /// <summary>
    /// Like <c>new StreamWriter(path, append, encoding, bufferSize)</c>: a writer on a <see cref="DurableFileStream"/>,
    /// so disposing the writer flushes the file (and, for a new file, its directory) to disk.
    /// The encoding defaults to UTF-8 without a byte order mark.
    /// </summary>
    public static StreamWriter OpenStreamWriter(string path, bool append = false, Encoding? encoding = null, int bufferSize = -1)
    {
        // The same file stream StreamWriter(string, ...) opens for itself.
        var stream = new DurableFileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read,
            DefaultBufferSize, FileOptions.SequentialScan);
        try
        {
            return new StreamWriter(stream, encoding ?? Utf8NoBom, bufferSize == -1 ? DefaultWriterBufferSize : bufferSize, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Like <see cref="File.CreateText(string)"/>, on a <see cref="DurableFileStream"/>.</summary>
    public static StreamWriter CreateText(string path) => OpenStreamWriter(path, append: false);

    /// <summary>Like <see cref="File.AppendText(string)"/>, on a <see cref="DurableFileStream"/>.</summary>
    public static StreamWriter AppendText(string path) => OpenStreamWriter(path, append: true);

    // ---- Names: move, copy, replace, delete ----

    /// <summary>
    /// Like <c>File.Move(source, destination, overwrite)</c>, durably: the source's data is flushed before it gets the
    /// new name, and both directories are flushed. Across filesystems the file is copied to a temporary file beside
    /// the destination, flushed and renamed into place, and only then is the source deleted, so that the data exists
    /// durably in at least one place at every instant.
    /// </summary>
    public static void Move(string sourceFileName, string destFileName, bool overwrite = false)
    {
        string source = DurablePath.Full(sourceFileName, nameof(sourceFileName));
        string destination = DurablePath.Full(destFileName, nameof(destFileName));
        RequireFile(source);
        DurablePath.RequireParentDirectory(destination);
        if (!overwrite && !DurableDirectory.PathsEqual(source, destination) && File.Exists(destination))
        {
            throw new IOException($"Cannot move '{source}' to '{destination}': the destination file already exists.");
        }

        MoveCore(source, destination, overwrite, "move");
    }

    /// <summary>
    /// Like <see cref="File.Copy(string, string, bool)"/>, durably and atomically: the copy is written to a temporary
    /// file beside the destination, flushed, renamed into place, and the directory flushed. Readers never see a partial copy.
    /// </summary>
    public static void Copy(string sourceFileName, string destFileName, bool overwrite = false)
    {
        string source = DurablePath.Full(sourceFileName, nameof(sourceFileName));
        string destination = DurablePath.Full(destFileName, nameof(destFileName));
        RequireFile(source);
        DurablePath.RequireNotDirectory(destination);
        DurablePath.RequireParentDirectory(destination);
        if (!overwrite && File.Exists(destination))
        {
            throw new IOException($"Cannot copy '{source}' to '{destination}': the destination file already exists.");
        }

        CopyCore(source, destination, overwrite, "copy");
    }

    /// <summary>
    /// Like <see cref="File.Replace(string, string, string)"/>, durably: <paramref name="destinationFileName"/> gets
    /// <paramref name="sourceFileName"/>'s content and the source name disappears. The old content is first copied
    /// durably to <paramref name="destinationBackupFileName"/> when one is given, so the destination is never missing.
    /// </summary>
    public static void Replace(string sourceFileName, string destinationFileName, string? destinationBackupFileName)
    {
        string source = DurablePath.Full(sourceFileName, nameof(sourceFileName));
        string destination = DurablePath.Full(destinationFileName, nameof(destinationFileName));
        RequireFile(source);
        RequireFile(destination);
        if (destinationBackupFileName != null)
        {
            string backup = DurablePath.Full(destinationBackupFileName, nameof(destinationBackupFileName));
            DurablePath.RequireParentDirectory(backup);
            CopyCore(destination, backup, overwrite: true, "replace");
        }

        MoveCore(source, destination, overwrite: true, "replace");
    }

    /// <summary>Like <see cref="File.Replace(string, string, string, bool)"/>; metadata errors only exist on Windows and are ignored as asked.</summary>
    public static void Replace(string sourceFileName, string destinationFileName, string? destinationBackupFileName, bool ignoreMetadataErrors) =>
        Replace(sourceFileName, destinationFileName, destinationBackupFileName);

    /// <summary>Like <see cref="File.Delete(string)"/> (no error when the file does not exist), then flushes the directory so the deletion survives a crash.</summary>
    public static void Delete(string path)
    {
        string file = DurablePath.Full(path, nameof(path));
        try
        {
            File.Delete(file);
        }
        catch (Exception exception) when (Failures.IsFileSystemFailure(exception) && exception is not DirectoryNotFoundException)
        {
            throw Failures.Wrap(exception, "delete", file, DurableWriteStep.Delete);
        }

        DurableDirectory.SyncParent(file, "delete", " The file is gone but may come back after a crash.");
    }

    /// <summary>
    /// Flushes an existing file's data, and its directory entry, to the device: what a program that called the global
    /// <c>sync()</c> after writing a file actually needed, without waiting for every other filesystem on the machine.
    /// A directory path flushes the directory itself and its parent's entry for it.
    /// </summary>
    public static void Sync(string path)
    {
        string target = DurablePath.Full(path, nameof(path));
        bool isDirectory = Directory.Exists(target);
        if (!isDirectory)
        {
            RequireFile(target);
        }

        DurableDirectory.Flush(target, isDirectory, "sync", target, isDirectory ? DurableWriteStep.SyncDirectory : DurableWriteStep.FlushFile);
        DurableDirectory.SyncParent(target, "sync");
    }

    // ---- The steps shared above ----

    private static void MoveCore(string source, string destination, bool overwrite, string operation)
    {
        // A renamed file whose data is still in the page cache can come back empty after a crash (dotnet/runtime#32600).
        DurableDirectory.Flush(source, isDirectory: false, operation, source, DurableWriteStep.FlushFile, " Nothing was moved.");
        if (DurableDirectory.PathsEqual(source, destination))
        {
            return;
        }

        int error = CurrentPlatform.Instance.Rename(source, destination, overwrite);
        if (error == 0)
        {
            DurableDirectory.SyncParents(destination, source, operation);
            return;
        }

        if (CurrentPlatform.Instance.Classify(error) != OSErrorKind.CrossDevice)
        {
            throw Failures.FromOSError(error, operation, source, DurableWriteStep.Rename, " Nothing was moved.");
        }

        // Another filesystem: the destination is complete and durable before the source goes.
        CopyCore(source, destination, overwrite, operation);
        try
        {
            File.Delete(source);
        }
        catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
        {
            throw Failures.Wrap(exception, operation, source, DurableWriteStep.Delete, $" The data is durably at '{destination}'; the source was not removed.");
        }

        DurableDirectory.SyncParent(source, operation, $" The data is durably at '{destination}'; the source may come back after a crash.");
    }

    private static void CopyCore(string source, string destination, bool overwrite, string operation)
    {
        TemporaryFile temp = TemporaryFile.CreateBeside(destination, new FileInfo(source), operation, bufferSize: 0, FileOptions.None);
        try
        {
            using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            input.CopyTo(temp.Stream, 1 << 20);
        }
        catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
        {
            temp.Discard();
            throw Failures.Wrap(exception, operation, destination, DurableWriteStep.Copy, " The destination is unchanged.");
        }
        catch
        {
            temp.Discard();
            throw;
        }

        AtomicReplace.Commit(temp, destination, overwrite, operation);
    }

#if NET8_0_OR_GREATER
    /// <summary>
    /// On Linux, an append to a file that already exists is the minimal sequence and no more: open(O_WRONLY|O_APPEND),
    /// write, the checked fdatasync (the new size is metadata needed to read the data; the name is not new), close.
    /// A FileStream would add a lock, seeks and status calls around it. False, with nothing done, when the file cannot be
    /// opened that way (it does not exist yet, so its name needs the directory flushed; or the open fails): the general
    /// path then creates it or reports why not.
    /// </summary>
    private static bool AppendToExistingFile(UnixPlatform unix, string file, byte[] bytes)
    {
        if (unix.OpenExistingForAppend(file, out SafeFileHandle? handle) != 0)
        {
            return false;
        }

        using (handle!)
        {
            int error = unix.WriteAll(handle!, bytes, out int written);
            if (error != 0)
            {
                CutBack(handle!, written);
                throw Failures.FromOSError(error, Failures.AppendOperation, file, DurableWriteStep.Write, " The file was cut back to its old length.");
            }

            DurableDirectory.FlushHandle(handle!, "write", file, dataOnly: true);
        }

        return true;
    }

    /// <summary>Removes the part of a failed append that was written, best effort, as <see cref="RestoreLength"/> does.</summary>
    private static void CutBack(SafeFileHandle handle, int written)
    {
        try
        {
            if (written > 0)
            {
                RandomAccess.SetLength(handle, RandomAccess.GetLength(handle) - written);
            }
        }
        catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
        {
            // The append's own failure is the one to report.
        }
    }
#endif

    private static void Append(string path, Action<Stream> write)
    {
        string file = DurablePath.Full(path, nameof(path));

        // Unbuffered: what the caller's writer hands over goes straight to the file, so a failure leaves nothing pending.
        DurableFileStream stream = OpenForAppend(file, FileOptions.None);
        long originalLength = stream.Length;
        try
        {
            write(stream);
        }
        catch (Exception exception)
        {
            RestoreLength(stream, originalLength);
            if (Failures.IsFileSystemFailure(exception))
            {
                throw Failures.Wrap(exception, Failures.AppendOperation, file, DurableWriteStep.Write, " The file was cut back to its old length.");
            }

            throw;
        }

        stream.Dispose();
    }

    private static async Task AppendAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        string file = DurablePath.Full(path, nameof(path));
        cancellationToken.ThrowIfCancellationRequested();
        DurableFileStream stream = OpenForAppend(file, FileOptions.Asynchronous);
        long originalLength = stream.Length;
        try
        {
            await write(stream, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (Exception exception)
        {
            RestoreLength(stream, originalLength);
            if (Failures.IsFileSystemFailure(exception))
            {
                throw Failures.Wrap(exception, Failures.AppendOperation, file, DurableWriteStep.Write, " The file was cut back to its old length.");
            }

            throw;
        }

#if NET8_0_OR_GREATER
        await stream.DisposeAsync().ConfigureAwait(false);
#else
        await Task.Run(stream.Dispose, CancellationToken.None).ConfigureAwait(false);
#endif
    }

    private static DurableFileStream OpenForAppend(string file, FileOptions options)
    {
        try
        {
            return new DurableFileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0, options);
        }
        catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
        {
            throw Failures.Wrap(exception, Failures.AppendOperation, file, DurableWriteStep.CreateTemporaryFile, " The file is unchanged.");
        }
    }

    /// <summary>Undoes a failed or cancelled append, best effort, and closes the file.</summary>
    private static void RestoreLength(DurableFileStream stream, long originalLength)
    {
        try
        {
            stream.SetLength(originalLength);
            stream.Dispose();
        }
        catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
        {
            // The append's own failure is the one to report.
        }
    }

    private static void WriteText(Stream stream, string? contents, Encoding encoding)
    {
        using var writer = new StreamWriter(stream, encoding, DefaultBufferSize, leaveOpen: true);
        writer.Write(contents);
    }

    private static void WriteLines(Stream stream, IEnumerable<string> lines, Encoding encoding)
    {
        using var writer = new StreamWriter(stream, encoding, DefaultBufferSize, leaveOpen: true);
        foreach (string line in lines)
        {
            writer.WriteLine(line);
        }
    }

    private static async Task WriteTextAsync(Stream stream, string? contents, Encoding encoding, CancellationToken cancellationToken)
    {
        using var writer = new StreamWriter(stream, encoding, DefaultBufferSize, leaveOpen: true);
#if NET8_0_OR_GREATER
        await writer.WriteAsync(contents.AsMemory(), cancellationToken).ConfigureAwait(false);
#else
        await writer.WriteAsync(contents).ConfigureAwait(false);
#endif
        await writer.FlushAsync().ConfigureAwait(false);
    }

    private static async Task WriteLinesAsync(Stream stream, IEnumerable<string> lines, Encoding encoding, CancellationToken cancellationToken)
    {
        using var writer = new StreamWriter(stream, encoding, DefaultBufferSize, leaveOpen: true);
        foreach (string line in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(line).ConfigureAwait(false);
        }

        await writer.FlushAsync().ConfigureAwait(false);
    }

    private static void RequireFile(string fullPath)
    {
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Could not find file '{fullPath}'.", fullPath);
        }
    }

    private static void RequireNotNull(object? argument, string name)
    {
        if (argument is null)
        {
            throw new ArgumentNullException(name);
        }
    }
}
