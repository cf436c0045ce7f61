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
    ReadOnly,
}

/// <summary>
/// The few operations that differ between operating systems. Each returns 0 or the OS error number,
/// so that the caller, which knows the path and the step, builds the exception.
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
    /// Flushes the data of a file open for writing to the device: fsync on Linux, F_FULLFSYNC on macOS,
    /// FlushFileBuffers on Windows. <c>FileStream.Flush(true)</c> cannot be used for this: on Linux and macOS
    /// .NET's native shim (SystemNative_FSync, checked with .NET 10) returns 1 instead of -1 when fsync fails, so the
    /// failure is never thrown and a flush whose data never reached the disk looks like a success.
    /// With <paramref name="dataOnly"/>, only the data and the metadata needed to read it back (size, block map) are
    /// flushed, not the timestamps: fdatasync, where the system has it; elsewhere the full flush.
    /// </summary>
    int FlushFile(SafeFileHandle handle, bool dataOnly = false);

    /// <summary>
    /// Starts writing <paramref name="file"/>'s dirty data to the device and returns without waiting: a hint, so that
    /// the flushes of many files that follow find their data on its way and share journal commits. It makes nothing
    /// durable by itself (each file is still flushed) and is a no-op where the system has no such call.
    /// </summary>
    void StartWriteback(SafeFileHandle file);

    /// <summary>True when <see cref="Sync"/> failed only because this filesystem cannot flush such an object (or is read-only: nothing to flush).</summary>
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
