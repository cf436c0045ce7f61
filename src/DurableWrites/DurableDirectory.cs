using System;
using System.Collections.Generic;
using System.IO;
using DurableWrites.Platform;

namespace DurableWrites;

/// <summary>Makes directory entries durable: the names of files that were created, renamed or deleted.</summary>
public static class DurableDirectory
{
    /// <summary>
    /// Raised when a directory (or a reopened file) could not be flushed because its filesystem does not support it:
    /// EINVAL or ENOTSUP on some network and FUSE filesystems, EROFS on a read-only mount, or a refused directory
    /// handle on Windows. Such a failure is tolerated, because there is nothing more a program can do there;
    /// this event makes it visible. Subscribe to log or to count it.
    /// </summary>
    public static event EventHandler<SyncUnsupportedEventArgs>? SyncUnsupported;

    /// <summary>Flushes the entries of the directory <paramref name="path"/> to the device.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="DurableWriteException">The flush failed.</exception>
    public static void Sync(string path)
    {
        string directory = DurablePath.Full(path, nameof(path));
        SyncCore(directory, "directory sync", directory);
    }

    /// <summary>
    /// Creates <paramref name="path"/> and any missing parents, like <see cref="Directory.CreateDirectory(string)"/>,
    /// and flushes the parent of each directory it created, outermost first, so that the whole chain survives a crash.
    /// </summary>
    public static DirectoryInfo CreateDirectory(string path)
    {
        string directory = DurablePath.Full(path, nameof(path));
        var missing = new Stack<string>();
        for (string? current = directory; current != null && !Directory.Exists(current); current = Path.GetDirectoryName(current))
        {
            missing.Push(current);
        }

        DirectoryInfo created;
        try
        {
            created = Directory.CreateDirectory(directory);
        }
        catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
        {
            throw Failures.Wrap(exception, "directory creation", directory, DurableWriteStep.CreateDirectory);
        }

        while (missing.Count > 0)
        {
            SyncCore(DurablePath.Parent(missing.Pop()), "directory creation", directory);
        }

        return created;
    }

    /// <summary>
    /// Renames the directory <paramref name="sourceDirName"/> to <paramref name="destDirName"/>, like
    /// <see cref="Directory.Move(string, string)"/>, and flushes both parent directories.
    /// </summary>
    public static void Move(string sourceDirName, string destDirName)
    {
        string source = DurablePath.Full(sourceDirName, nameof(sourceDirName));
        string destination = DurablePath.Full(destDirName, nameof(destDirName));
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"Could not find a part of the path '{source}'.");
        }

        if (Directory.Exists(destination) || File.Exists(destination))
        {
            throw new IOException($"Cannot move '{source}' to '{destination}': the destination already exists.");
        }

        int error = CurrentPlatform.Instance.Rename(source, destination, replace: false);
        if (error != 0)
        {
            throw Failures.FromOSError(error, "directory move", source, DurableWriteStep.Rename, " Nothing was moved.");
        }

        SyncParents(destination, source, "directory move");
    }

    /// <summary>Flushes the directory holding <paramref name="changed"/>, then the one holding <paramref name="alsoChanged"/> when it differs.</summary>
    internal static void SyncParents(string changed, string alsoChanged, string operation)
    {
        string first = DurablePath.Parent(changed);
        string second = DurablePath.Parent(alsoChanged);
        SyncCore(first, operation, changed);
        if (!PathsEqual(first, second))
        {
            SyncCore(second, operation, alsoChanged);
        }
    }

    internal static void SyncParent(string changed, string operation, string consequence = "") =>
        SyncCore(DurablePath.Parent(changed), operation, changed, consequence);

    internal static void SyncCore(string directory, string operation, string path, string consequence = "") =>
        Flush(directory, isDirectory: true, operation, path, DurableWriteStep.SyncDirectory, consequence);

    /// <summary>Flushes an existing file or directory; tolerates (and reports) filesystems that cannot.</summary>
    internal static void Flush(string target, bool isDirectory, string operation, string path, DurableWriteStep step, string consequence = "") =>
        Flush(CurrentPlatform.Instance, target, isDirectory, operation, path, step, consequence);

    internal static void Flush(IPlatform platform, string target, bool isDirectory, string operation, string path, DurableWriteStep step, string consequence = "")
    {
        int error = platform.Sync(target, isDirectory);
        if (error == 0)
        {
            return;
        }

        if (platform.IsSyncUnsupported(error))
        {
            SyncUnsupported?.Invoke(null, new SyncUnsupportedEventArgs(target, error, platform.Describe(error)));
            return;
        }

        throw Failures.FromOSError(error, operation, path, step, consequence);
    }

    /// <summary>
    /// Flushes a file open for writing: what its buffer holds to the OS, then its data to the device, and throws if
    /// that fails. Never retried: after a failed flush the kernel may have dropped the data, so a second flush could
    /// succeed for data that is gone. A file that cannot be flushed at all (a pipe, a character device, some FUSE
    /// filesystems: EINVAL, ENOTSUP) is tolerated and reported, as for directories; a read-only error is not, since
    /// the file was written, so its filesystem turned read-only since and the data did not get out.
    /// </summary>
    internal static void FlushOpenFile(FileStream stream, string operation, string path, string consequence = "", bool dataOnly = false)
    {
        try
        {
            stream.Flush(flushToDisk: false);
        }
        catch (Exception exception) when (Failures.IsFileSystemFailure(exception))
        {
            throw Failures.Wrap(exception, operation, path, DurableWriteStep.FlushFile, consequence);
        }

        FlushHandle(stream.SafeFileHandle, operation, path, consequence, dataOnly);
    }

    /// <summary>As <see cref="FlushOpenFile"/>, for a file written through its handle: nothing is buffered above it.</summary>
    internal static void FlushHandle(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string operation, string path, string consequence = "", bool dataOnly = false)
    {
        IPlatform platform = CurrentPlatform.Instance;
        int error = platform.FlushFile(handle, dataOnly);
        if (error == 0)
        {
            return;
        }

        if (platform.Classify(error) == OSErrorKind.NotSupported)
        {
            SyncUnsupported?.Invoke(null, new SyncUnsupportedEventArgs(path, error, platform.Describe(error)));
            return;
        }

        throw Failures.FromOSError(error, operation, path, DurableWriteStep.FlushFile, consequence);
    }

    internal static bool PathsEqual(string a, string b) =>
        string.Equals(a, b, System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux)
            ? StringComparison.Ordinal
            : StringComparison.OrdinalIgnoreCase);
}

/// <summary>A directory or file whose filesystem could not flush it; see <see cref="DurableDirectory.SyncUnsupported"/>.</summary>
public sealed class SyncUnsupportedEventArgs : EventArgs
{
    internal SyncUnsupportedEventArgs(string path, int osError, string reason)
    {
        Path = path;
        OSError = osError;
        Reason = reason;
    }

    /// <summary>The directory or file that was not flushed.</summary>
    public string Path { get; }

    /// <summary>The operating system's error number.</summary>
    public int OSError { get; }

    /// <summary>The operating system's description of the error.</summary>
    public string Reason { get; }
}
