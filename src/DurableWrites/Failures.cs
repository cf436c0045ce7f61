using System;
using System.IO;
using DurableWrites.Platform;

namespace DurableWrites;

/// <summary>
/// Builds the exceptions of a failed step. Wrong paths and refused access get the exception types System.IO uses
/// (so existing catch blocks keep working); every other failure is a <see cref="DurableWriteException"/>.
/// Each message names the operation, the path, the step and the operating system's reason.
/// </summary>
internal static class Failures
{
    internal const string OriginalUnchanged = " The original file is unchanged.";

    /// <summary>The operation name of appends, whose first step opens the target instead of creating a temporary file.</summary>
    internal const string AppendOperation = "append";

    internal static Exception FromOSError(int error, string operation, string path, DurableWriteStep step, string consequence = "")
    {
        IPlatform platform = CurrentPlatform.Instance;
        string message = Message(operation, path, step, platform.Describe(error), consequence);
        return platform.Classify(error) switch
        {
            OSErrorKind.NotFound when step == DurableWriteStep.SyncDirectory || step == DurableWriteStep.CreateDirectory
                => new DirectoryNotFoundException(message),
            OSErrorKind.NotFound => new FileNotFoundException(message, path),
            OSErrorKind.AccessDenied => new UnauthorizedAccessException(message),
            OSErrorKind.NameTooLong => new PathTooLongException(message),
            _ => new DurableWriteException(path, step, error, message),
        };
    }

    /// <summary>Re-raises what System.IO threw during a step, keeping its kind and adding the operation and step.</summary>
    internal static Exception Wrap(Exception exception, string operation, string path, DurableWriteStep step, string consequence = "")
    {
        string message = Message(operation, path, step, exception.Message, consequence);
        return exception switch
        {
            DurableWriteException => exception,
            UnauthorizedAccessException => new UnauthorizedAccessException(message, exception),
            PathTooLongException => new PathTooLongException(message, exception),
            DirectoryNotFoundException => new DirectoryNotFoundException(message, exception),
            FileNotFoundException => new FileNotFoundException(message, path, exception),
            IOException io => new DurableWriteException(path, step, OSErrorOf(io), message, exception),
            _ => exception,
        };
    }

    /// <summary>True for what <see cref="Wrap"/> rewraps: failures of the file system, not of the caller's arguments or code.</summary>
    internal static bool IsFileSystemFailure(Exception exception) => exception is IOException or UnauthorizedAccessException;

    internal static string Message(string operation, string path, DurableWriteStep step, string reason, string consequence = "")
    {
        reason = reason.TrimEnd('.', ' ');
        return $"Durable {operation} of '{path}' failed while {StepText(step, operation)}: {reason}.{consequence}";
    }

    private static string StepText(DurableWriteStep step, string operation) => step switch
    {
        // An append writes in place: its first step opens the file itself.
        DurableWriteStep.CreateTemporaryFile when operation == AppendOperation => "opening the file",
        DurableWriteStep.CreateTemporaryFile => "creating the temporary file",
        DurableWriteStep.Write => "writing the data",
        DurableWriteStep.FlushFile => "flushing the file to disk",
        DurableWriteStep.Rename => "renaming the file into place",
        DurableWriteStep.SyncDirectory => "flushing the directory to disk",
        DurableWriteStep.Copy => "copying the data",
        DurableWriteStep.Delete => "deleting the file",
        DurableWriteStep.CreateDirectory => "creating the directory",
        _ => step.ToString(),
    };

    private static int OSErrorOf(IOException exception)
    {
        // .NET puts errno into HResult on Unix, and HRESULT_FROM_WIN32(error) on Windows.
        int hresult = exception.HResult;
        if ((hresult & 0xFFFF0000) == unchecked((int)0x80070000))
        {
            return hresult & 0xFFFF;
        }

        return hresult > 0 && hresult < 4096 ? hresult : 0;
    }
}
