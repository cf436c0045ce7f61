using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DurableWrites.Platform;

/// <summary>What an operating system error means to us, whatever its number on this platform.</summary>
internal enum OSErrorKind
{
    Other,
    NotFound,
    AccessDenied,
    AlreadyExists,
    CrossDevice,
    NotSupported,
    NameTooLong,
    NoSpace,
}

/// <summary>
/// The few operations that differ between operating systems. Each returns 0 or the OS error number,
/// so that the caller, which knows the path and the step, builds the exception.
/// Data written through our own streams is flushed with <c>FileStream.Flush(true)</c>: it is fsync on Linux,
/// F_FULLFSYNC on macOS and FlushFileBuffers on Windows.
/// </summary>
internal interface IPlatform
{
    /// <summary>Atomically gives <paramref name="source"/> the name <paramref name="destination"/>, replacing it when <paramref name="replace"/> is true.</summary>
    int Rename(string source, string destination, bool replace);

    /// <summary>
    /// Opens an existing file or directory and flushes it to the device: a directory's entries, or a file's data,
    /// whoever wrote it. On Unix the file is opened read-only, so that read-only files can be flushed too.
    /// </summary>
    int Sync(string path, bool isDirectory);

    /// <summary>
    /// Starts writing <paramref name="file"/>'s dirty data to the device and returns without waiting: a hint, so that
    /// the flushes of many files that follow find their data on its way and share journal commits. It makes nothing
    /// durable by itself (each file is still flushed) and is a no-op where the system has no such call.
    /// </summary>
    void StartWriteback(SafeFileHandle file);

    /// <summary>
    /// Flushes <paramref name="file"/>'s data and the metadata needed to read it back (its size and block map), but
    /// not its timestamps: fdatasync. Returns false, with nothing done, where the system has no such flush; the
    /// caller then flushes fully. <paramref name="error"/> is 0 or the OS error of a flush that failed.
    /// </summary>
    bool TryFlushData(SafeFileHandle file, out int error);

    /// <summary>True when <see cref="Sync"/> failed only because this filesystem cannot flush such an object.</summary>
    bool IsSyncUnsupported(int error);

    OSErrorKind Classify(int error);

    string Describe(int error);
}

internal static class CurrentPlatform
{
    internal static readonly IPlatform Instance = Select();

    private static IPlatform Select()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return new WindowsPlatform();
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return new MacOSPlatform();
        }

        return new UnixPlatform(UnixConstants.ForCurrentSystem());
    }
}
