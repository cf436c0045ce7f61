using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DurableWrites.Platform;
using Microsoft.Win32.SafeHandles;

namespace DurableWrites;

/// <summary>
/// The one place where the durable replace sequence lives:
/// create a unique temporary file beside the target (exclusively) → write → flush it to disk → rename it over the
/// target → flush the directory. Readers see the old content or the new one, never a mix; once this returns,
/// the new content survives a power cut. Any failure before the rename removes the temporary file and leaves the
/// target as it was; no step is ever retried.
/// </summary>
internal static class AtomicReplace
{
    internal const string NewContentNotDurable = " The new content is in place but may not survive a crash.";

    internal static void Write(string path, Action<FileStream> writeContent, string operation, int bufferSize = 4096)
    {
        FileInfo resolved = ResolveTarget(path);
        string target = resolved.FullName;
        TemporaryFile temp = TemporaryFile.CreateBeside(target, resolved, operation, bufferSize, FileOptions.None);
        try
        {
            writeContent(temp.Stream);
        }
        catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
        {
            temp.Discard();
            throw Failures.Wrap(exception, operation, target, DurableWriteStep.Write, Failures.OriginalUnchanged);
        }
        catch
        {
            temp.Discard();
            throw;
        }

        Commit(temp, target, replace: true, operation);
    }

    /// <summary>
    /// <see cref="Write"/> for content that is one array. On Linux the temporary file is created and written through
    /// its descriptor directly (open with O_EXCL and the target's permissions, write, the checked flush): the system
    /// calls of the minimal sequence and no more, where a FileStream adds a lock, seeks and its buffers. Elsewhere, and
    /// when the permissions cannot be read, it goes through <see cref="Write"/>.
    /// </summary>
    internal static void WriteBytes(string path, byte[] bytes, string operation)
    {
#if NET8_0_OR_GREATER
        if (CurrentPlatform.Instance is UnixPlatform { CanCreateExclusive: true } unix)
        {
            FileInfo resolved = ResolveTarget(path);
            string target = resolved.FullName;
            TemporaryFile temp = TemporaryFile.CreateHandleBeside(unix, target, resolved, operation);
            int error = unix.WriteAll(temp.Handle, bytes);
            if (error != 0)
            {
                temp.Discard();
                throw Failures.FromOSError(error, operation, target, DurableWriteStep.Write, Failures.OriginalUnchanged);
            }

            Commit(temp, target, replace: true, operation);
            return;
        }
#endif
        Write(path, stream => stream.Write(bytes, 0, bytes.Length), operation, bufferSize: 0);
    }

    internal static async Task WriteAsync(string path, Func<FileStream, CancellationToken, Task> writeContent, string operation, CancellationToken cancellationToken, int bufferSize = 4096)
    {
        FileInfo resolved = ResolveTarget(path);
        string target = resolved.FullName;
        cancellationToken.ThrowIfCancellationRequested();
        TemporaryFile temp = TemporaryFile.CreateBeside(target, resolved, operation, bufferSize, FileOptions.Asynchronous);
        try
        {
            await writeContent(temp.Stream, cancellationToken).ConfigureAwait(false);
            await temp.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);

            // Cancellation is honoured up to here; the commit below is short and all or nothing.
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
        {
            temp.Discard();
            throw Failures.Wrap(exception, operation, target, DurableWriteStep.Write, Failures.OriginalUnchanged);
        }
        catch
        {
            temp.Discard();
            throw;
        }

        // fsync and rename have no asynchronous form: run them off the caller's thread.
        await Task.Run(() => Commit(temp, target, replace: true, operation), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Flushes <paramref name="temp"/>, renames it to <paramref name="target"/> and flushes the target's directory.
    /// Without <paramref name="replace"/>, an existing target makes the rename fail instead.
    /// </summary>
    internal static void Commit(TemporaryFile temp, string target, bool replace, string operation)
    {
        try
        {
            temp.FlushToDisk(operation, target);
            int error = CurrentPlatform.Instance.Rename(temp.Path, target, replace);
            if (error != 0)
            {
                throw Failures.FromOSError(error, operation, target, DurableWriteStep.Rename, Failures.OriginalUnchanged);
            }
        }
        catch
        {
            temp.Discard();
            throw;
        }

        DurableDirectory.SyncParent(target, operation, NewContentNotDurable);
    }

    /// <summary>
    /// The file a replace of <paramref name="path"/> writes: its full path or, for a symbolic link, the file the link
    /// finally points to (the link itself is kept), with what one lstat found there (whether it exists, its
    /// permissions). Fails, as System.IO does, for a directory or a missing parent.
    /// </summary>
    internal static FileInfo ResolveTarget(string path)
    {
        string target = DurablePath.Full(path, nameof(path));
#if NET8_0_OR_GREATER
        // One lstat answers for the common case, an existing regular file: it is no directory, it is no link,
        // its directory exists, and its permissions are at hand for the temporary file.
        var file = new FileInfo(target);
        RequireNoDirectory(file);
        if (Exists(file) && (file.Attributes & FileAttributes.ReparsePoint) != 0
            && file.ResolveLinkTarget(returnFinalTarget: true) is { } finalTarget)
        {
            file = new FileInfo(finalTarget.FullName);
            RequireNoDirectory(file);
        }

        if (!Exists(file))
        {
            DurablePath.RequireParentDirectory(file.FullName);
        }

        return file;
#else
        DurablePath.RequireNotDirectory(target);
        DurablePath.RequireParentDirectory(target);
        return new FileInfo(target);
#endif
    }

#if NET8_0_OR_GREATER
    /// <summary>Throws as <see cref="DurablePath.RequireNotDirectory"/> does when the name is a directory, or a link to one.</summary>
    private static void RequireNoDirectory(FileInfo file)
    {
        if (Exists(file) && (file.Attributes & FileAttributes.Directory) != 0)
        {
            DurablePath.RequireNotDirectory(file.FullName);
        }
    }

    /// <summary>
    /// True when something (a file, a directory, a link, even a dangling one) has this name; FileInfo.Exists is false
    /// for directories. A name that cannot be looked at (too long, no search permission) counts as absent, as it does
    /// for File.Exists: the step that then fails reports it.
    /// </summary>
    private static bool Exists(FileInfo file)
    {
        try
        {
            return (int)file.Attributes != -1;
        }
        catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
        {
            return false;
        }
    }
#endif
}

/// <summary>A uniquely named file created beside its target; removed unless it is renamed into place.</summary>
internal sealed class TemporaryFile
{
    private const int MaxNameBytes = 200;

    private readonly FileStream? _stream;

    private TemporaryFile(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
        Handle = stream.SafeFileHandle;
    }

    private TemporaryFile(string path, SafeFileHandle handle)
    {
        Path = path;
        Handle = handle;
    }

    internal string Path { get; }

    /// <summary>The stream the content is written to; only for files made by <see cref="CreateBeside"/>.</summary>
    internal FileStream Stream => _stream ?? throw new InvalidOperationException("This temporary file is written through its handle.");

    internal SafeFileHandle Handle { get; }

    /// <summary>
    /// Creates ".{name}.{random}.tmp" in <paramref name="target"/>'s directory with O_CREAT|O_EXCL, so it can never
    /// be someone else's file. It takes the permission bits of <paramref name="permissionsFrom"/> when that file exists
    /// (as the FileInfo found it: its first look at the file is cached).
    /// </summary>
    internal static TemporaryFile CreateBeside(string target, FileInfo permissionsFrom, string operation, int bufferSize, FileOptions options)
    {
        for (int attempt = 0; ; attempt++)
        {
            string temporaryPath = CandidatePath(target);
            FileStream stream;
            try
            {
                stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize, options);
            }
            catch (IOException) when (attempt < 10 && File.Exists(temporaryPath))
            {
                continue;
            }
            catch (Exception exception)
            {
                throw Failures.Wrap(exception, operation, target, DurableWriteStep.CreateTemporaryFile, Failures.OriginalUnchanged);
            }

            return new TemporaryFile(temporaryPath, stream).WithPermissionsOf(permissionsFrom, operation, target);
        }
    }

#if NET8_0_OR_GREATER
    /// <summary>
    /// As <see cref="CreateBeside"/>, but opened by <paramref name="unix"/> itself and written through <see cref="Handle"/>.
    /// The file is created with the permissions of <paramref name="permissionsFrom"/> (less the umask) when it exists,
    /// then given exactly those, as <see cref="CreateBeside"/> does; otherwise 0666 less the umask, as File.Create.
    /// </summary>
    internal static TemporaryFile CreateHandleBeside(UnixPlatform unix, string target, FileInfo permissionsFrom, string operation)
    {
        int mode = permissionsFrom.Exists ? (int)permissionsFrom.UnixFileMode & 0x1FF : 0x1B6;
        for (int attempt = 0; ; attempt++)
        {
            string path = CandidatePath(target);
            int error = unix.CreateExclusive(path, mode, out SafeFileHandle? handle);
            if (error == UnixConstants.EEXIST && attempt < 10)
            {
                continue;
            }

            if (error != 0)
            {
                throw unix.Classify(error) == OSErrorKind.NotFound
                    ? new DirectoryNotFoundException(Failures.Message(operation, target, DurableWriteStep.CreateTemporaryFile, unix.Describe(error), Failures.OriginalUnchanged))
                    : Failures.FromOSError(error, operation, target, DurableWriteStep.CreateTemporaryFile, Failures.OriginalUnchanged);
            }

            return new TemporaryFile(path, handle!).WithPermissionsOf(permissionsFrom, operation, target);
        }
    }
#endif

    /// <summary>".{name}.{random}.tmp" in <paramref name="target"/>'s directory, with new random digits at each call.</summary>
    private static string CandidatePath(string target) =>
        System.IO.Path.Combine(DurablePath.Parent(target), "." + Shorten(System.IO.Path.GetFileName(target)) + "." + RandomName() + ".tmp");

    /// <summary>Gives the new file the permission bits of <paramref name="from"/> when that exists; on failure deletes it and throws.</summary>
    private TemporaryFile WithPermissionsOf(FileInfo from, string operation, string target)
    {
        try
        {
            CopyPermissions(from, Handle);
        }
        catch (Exception exception)
        {
            Discard();
            throw Failures.Wrap(exception, operation, target, DurableWriteStep.CreateTemporaryFile, Failures.OriginalUnchanged);
        }

        return this;
    }

    internal void FlushToDisk(string operation, string target)
    {
        try
        {
            if (_stream is null)
            {
                DurableDirectory.FlushHandle(Handle, operation, target, Failures.OriginalUnchanged);
                Handle.Dispose();
                return;
            }

            DurableDirectory.FlushOpenFile(_stream, operation, target, Failures.OriginalUnchanged);
            _stream.Dispose();
        }
        catch (Exception exception)
        {
            throw Failures.Wrap(exception, operation, target, DurableWriteStep.FlushFile, Failures.OriginalUnchanged);
        }
    }

    /// <summary>Closes and deletes the file, best effort: the failure that got us here is the one to report.</summary>
    internal void Discard()
    {
        try
        {
            if (_stream is null)
            {
                Handle.Dispose();
            }
            else
            {
                _stream.Dispose();
            }
        }
        catch (IOException)
        {
            // The data is being thrown away; a failure to write it back now changes nothing.
        }

        try
        {
            File.Delete(Path);
        }
        catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
        {
            // Left behind only when the filesystem itself refuses (read-only after an error, shut down).
        }
    }

    private static void CopyPermissions(FileInfo from, SafeFileHandle to)
    {
#if NET8_0_OR_GREATER
        if (!OperatingSystem.IsWindows() && from.Exists)
        {
            File.SetUnixFileMode(to, from.UnixFileMode);
        }
#endif
    }

    /// <summary>
    /// 12 random hexadecimal digits. Uniqueness comes from the exclusive create (a taken name is retried), so the
    /// digits need not be cryptographic: a pseudo-random generator seeded by the runtime is enough, and unlike
    /// <see cref="Guid.NewGuid"/> it reads nothing from the kernel for each file.
    /// </summary>
    internal static string RandomName()
    {
#if NET8_0_OR_GREATER
        return Random.Shared.NextInt64(1L << 48).ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
#else
        long value;
        lock (Generator)
        {
            value = ((long)Generator.Next(1 << 24) << 24) | (long)Generator.Next(1 << 24);
        }

        return value.ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
#endif
    }

#if !NET8_0_OR_GREATER
    // Seeded once from a GUID, so that processes started in the same tick draw different names.
    private static readonly Random Generator = new(Guid.NewGuid().GetHashCode());
#endif

    /// <summary>Keeps the temporary name within NAME_MAX (255 bytes) however long the target's name is.</summary>
    private static string Shorten(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxNameBytes)
        {
            return name;
        }

        int length = name.Length;
        while (length > 0 && Encoding.UTF8.GetByteCount(name.Substring(0, length)) > MaxNameBytes)
        {
            length--;
        }

        if (length > 0 && char.IsHighSurrogate(name[length - 1]))
        {
            length--;
        }

        return name.Substring(0, length);
    }
}
