using System;
using System.IO;
using System.Runtime.ExceptionServices;
using DurableWrites.Platform;
#if NET8_0_OR_GREATER
using System.Threading.Tasks;
#endif

namespace DurableWrites;

/// <summary>
/// A <see cref="FileStream"/> whose <c>Dispose</c>, <c>DisposeAsync</c> and <c>Close</c> flush the data to the device
/// (<c>Flush(true)</c>; for a file that already existed, a data-only flush, fdatasync, where the system has one: its
/// data and size survive, its timestamps may not) and, when opening it created the file, flush the parent directory
/// so that the new name survives a crash too. Its constructors take the same arguments, with the same defaults and meaning, as
/// <see cref="FileStream"/>'s path constructors, so it replaces <c>new FileStream(...)</c> word for word and can be
/// stored in a variable typed <see cref="FileStream"/>.
/// A failed flush at dispose throws a <see cref="DurableWriteException"/>; it is not retried.
/// </summary>
public class DurableFileStream : FileStream
{
    private const int DefaultBufferSize = 4096;

    private readonly bool _createdFile;
    private readonly string _fullPath;
    private bool _closed;

    /// <summary>Opens like <c>new FileStream(path, mode)</c>.</summary>
    public DurableFileStream(string path, FileMode mode)
        : this(path, mode, mode == FileMode.Append ? FileAccess.Write : FileAccess.ReadWrite, FileShare.Read)
    {
    }

    /// <summary>Opens like <c>new FileStream(path, mode, access)</c>.</summary>
    public DurableFileStream(string path, FileMode mode, FileAccess access)
        : this(path, mode, access, FileShare.Read)
    {
    }

    /// <summary>Opens like <c>new FileStream(path, mode, access, share)</c>.</summary>
    public DurableFileStream(string path, FileMode mode, FileAccess access, FileShare share)
        : this(path, mode, access, share, DefaultBufferSize, FileOptions.None)
    {
    }

    /// <summary>Opens like <c>new FileStream(path, mode, access, share, bufferSize)</c>.</summary>
    public DurableFileStream(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize)
        : this(path, mode, access, share, bufferSize, FileOptions.None)
    {
    }

    /// <summary>Opens like <c>new FileStream(path, mode, access, share, bufferSize, useAsync)</c>.</summary>
    public DurableFileStream(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, bool useAsync)
        : this(path, mode, access, share, bufferSize, useAsync ? FileOptions.Asynchronous : FileOptions.None)
    {
    }

    /// <summary>Opens like <c>new FileStream(path, mode, access, share, bufferSize, options)</c>.</summary>
    public DurableFileStream(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options)
        : this(OpenIntent.Observe(path, mode), mode, access, share, bufferSize, options)
    {
    }

    private DurableFileStream(OpenIntent intent, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options)
        : base(intent.Path, mode, access, share, bufferSize, options)
    {
        _createdFile = intent.CreatesFile;
        _fullPath = Name;
    }

#if NET8_0_OR_GREATER
    /// <summary>Opens like <c>new FileStream(path, options)</c>.</summary>
    public DurableFileStream(string path, FileStreamOptions options)
        : this(OpenIntent.Observe(path, options?.Mode ?? FileMode.Open), options!)
    {
    }

    private DurableFileStream(OpenIntent intent, FileStreamOptions options)
        : base(intent.Path, options)
    {
        _createdFile = intent.CreatesFile;
        _fullPath = Name;
    }
#endif

    /// <summary>True when opening this stream created the file (so closing it also flushes the directory).</summary>
    public bool CreatedFile => _createdFile;

    /// <summary>
    /// Like <see cref="FileStream.Flush(bool)"/>, but a failed flush to disk throws a <see cref="DurableWriteException"/>
    /// (FileStream's own does not report a failed fsync on Linux and macOS). It is not retried.
    /// </summary>
    public override void Flush(bool flushToDisk)
    {
        if (flushToDisk && CanWrite)
        {
            DurableDirectory.FlushOpenFile(this, "write", _fullPath);
        }
        else
        {
            base.Flush(flushToDisk);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (!disposing || _closed)
        {
            base.Dispose(disposing);
            return;
        }

        _closed = true;
        Exception? failure = null;
        try
        {
            if (CanWrite)
            {
                FlushToDisk();
            }
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        // The handle is closed even when the flush failed; the flush is not attempted again.
        try
        {
            base.Dispose(disposing);
        }
        catch (Exception exception) when (IsRepeatOf(failure, exception))
        {
        }

        failure?.Rethrow();
        SyncDirectoryIfCreated();
    }

#if NET8_0_OR_GREATER
    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (_closed)
        {
            await base.DisposeAsync().ConfigureAwait(false);
            return;
        }

        _closed = true;
        Exception? failure = null;
        try
        {
            if (CanWrite)
            {
                await FlushAsync().ConfigureAwait(false);
                FlushToDisk();
            }
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        try
        {
            await base.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (IsRepeatOf(failure, exception))
        {
        }

        failure?.Rethrow();
        SyncDirectoryIfCreated();
    }
#endif

    /// <summary>Closing after a failed flush retries the same write-back and fails again: the first failure is the one to report.</summary>
    private static bool IsRepeatOf(Exception? failure, Exception exception) => failure != null && Failures.IsFileSystemFailure(exception);

    /// <summary>
    /// Flushes the data to the device. A file this stream created is flushed fully (fsync), inode and all; an existing
    /// file needs only its data and size to survive, so where the system has it a data-only flush (fdatasync) does,
    /// which skips the timestamps.
    /// </summary>
    private void FlushToDisk() =>
        DurableDirectory.FlushOpenFile(this, "write", _fullPath, dataOnly: !_createdFile);

    private void SyncDirectoryIfCreated()
    {
        if (_createdFile)
        {
            DurableDirectory.SyncParent(_fullPath, "create", " The file's data is on disk, but its name may not survive a crash.");
        }
    }

    /// <summary>What opening a path with a mode will do, observed just before the open.</summary>
    private readonly struct OpenIntent
    {
        private OpenIntent(string path, bool createsFile)
        {
            Path = path;
            CreatesFile = createsFile;
        }

        public string Path { get; }

        public bool CreatesFile { get; }

        public static OpenIntent Observe(string path, FileMode mode)
        {
            bool mayCreate = mode is FileMode.CreateNew or FileMode.Create or FileMode.OpenOrCreate or FileMode.Append;
            if (!mayCreate || string.IsNullOrEmpty(path))
            {
                // An invalid path is left to FileStream, which rejects it with its usual exception.
                return new OpenIntent(path, createsFile: false);
            }

            // A file that appears between this check and the open was created by someone else; one that vanishes in
            // between is recreated by us and we miss its directory flush. Both need a concurrent writer on the same name.
            bool exists;
            try
            {
                exists = mode != FileMode.CreateNew && File.Exists(path);
            }
            catch (Exception exception) when (exception is ArgumentException or NotSupportedException or IOException)
            {
                exists = false;
            }

            return new OpenIntent(path, createsFile: !exists);
        }
    }
}

internal static class ExceptionExtensions
{
    /// <summary>Throws <paramref name="exception"/> again, keeping its original stack trace.</summary>
    internal static void Rethrow(this Exception exception) => ExceptionDispatchInfo.Capture(exception).Throw();
}
