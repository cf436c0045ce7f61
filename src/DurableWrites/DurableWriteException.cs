using System;
using System.IO;

namespace DurableWrites;

/// <summary>The step of a durable write that failed.</summary>
public enum DurableWriteStep
{
    /// <summary>Creating the temporary file beside the target, or opening the file.</summary>
    CreateTemporaryFile,
    /// <summary>Writing the data.</summary>
    Write,
    /// <summary>Flushing the file's data to the device (fsync, FlushFileBuffers).</summary>
    FlushFile,
    /// <summary>Renaming the file into place.</summary>
    Rename,
    /// <summary>Flushing the parent directory, so that a created or renamed name survives a crash.</summary>
    SyncDirectory,
    /// <summary>Copying data between files.</summary>
    Copy,
    /// <summary>Removing a directory entry.</summary>
    Delete,
    /// <summary>Creating a directory.</summary>
    CreateDirectory,
}

/// <summary>
/// A durable write failed at a named step. The message names the path, the step and the operating system's error.
/// The failed step is never retried: after a failed flush the kernel may already have dropped the dirty data,
/// so a second flush could report success for data that is gone.
/// </summary>
public class DurableWriteException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DurableWriteException(string path, DurableWriteStep step, int osError, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        Step = step;
        OSError = osError;
        if (osError != 0)
        {
            HResult = osError;
        }
    }

    /// <summary>The file or directory the operation was about.</summary>
    public string Path { get; }

    /// <summary>The step that failed.</summary>
    public DurableWriteStep Step { get; }

    /// <summary>The operating system's error number (errno on Unix, Win32 error on Windows), or 0 when unknown.</summary>
    public int OSError { get; }
}
