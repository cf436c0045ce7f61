using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DurableWrites.Platform;

/// <summary>
/// Windows. Not exercised by this repository's CI (it runs on Linux): kept small so that it can be reviewed by eye.
/// The rename is MoveFileEx with MOVEFILE_WRITE_THROUGH, which returns only once the move is on disk.
/// NTFS journals its metadata and has no standard directory flush; where a directory handle with write access
/// can be opened (FILE_FLAG_BACKUP_SEMANTICS), it is flushed with FlushFileBuffers, as etcd does.
/// </summary>
internal sealed class WindowsPlatform : IPlatform
{
    private const uint MoveFileReplaceExisting = 0x1;
    private const uint MoveFileWriteThrough = 0x8;
    private const uint GenericWrite = 0x40000000;
    private const uint FileShareAll = 0x1 | 0x2 | 0x4;
    private const uint OpenExisting = 3;
    private const uint FileFlagBackupSemantics = 0x02000000;

    private const int ErrorFileNotFound = 2, ErrorPathNotFound = 3, ErrorAccessDenied = 5, ErrorInvalidFunction = 1,
        ErrorNotSameDevice = 17, ErrorFileExists = 80, ErrorAlreadyExists = 183, ErrorNotSupported = 50,
        ErrorInvalidParameter = 87, ErrorFilenameTooLong = 206, ErrorDiskFull = 112, ErrorHandleDiskFull = 39,
        ErrorDirNotEmpty = 145;

    public int Rename(string source, string destination, bool replace)
    {
        uint flags = MoveFileWriteThrough | (replace ? MoveFileReplaceExisting : 0);
        return MoveFileEx(source, destination, flags) ? 0 : Marshal.GetLastWin32Error();
    }

    public int Sync(string path, bool isDirectory)
    {
        // FlushFileBuffers needs write access, for files and directories alike.
        uint flags = isDirectory ? FileFlagBackupSemantics : 0;
        using SafeFileHandle handle = CreateFile(path, GenericWrite, FileShareAll, IntPtr.Zero, OpenExisting, flags, IntPtr.Zero);
        if (handle.IsInvalid)
        {
            return Marshal.GetLastWin32Error();
        }

        return FlushFileBuffers(handle) ? 0 : Marshal.GetLastWin32Error();
    }

    // FlushFileBuffers is the only flush: there is no data-only one, and no way to start one without waiting.
    public int FlushFile(SafeFileHandle handle, bool dataOnly = false) => FlushFileBuffers(handle) ? 0 : Marshal.GetLastWin32Error();

    public void StartWriteback(SafeFileHandle file)
    {
    }

    // A directory handle with write access is often refused: there NTFS's own metadata journal is all there is.
    public bool IsSyncUnsupported(int error) => error == ErrorAccessDenied || Classify(error) == OSErrorKind.NotSupported;

    public OSErrorKind Classify(int error) => error switch
    {
        ErrorFileNotFound or ErrorPathNotFound => OSErrorKind.NotFound,
        ErrorAccessDenied => OSErrorKind.AccessDenied,
        ErrorFileExists or ErrorAlreadyExists or ErrorDirNotEmpty => OSErrorKind.AlreadyExists,
        ErrorNotSameDevice => OSErrorKind.CrossDevice,
        ErrorNotSupported or ErrorInvalidFunction or ErrorInvalidParameter => OSErrorKind.NotSupported,
        ErrorFilenameTooLong => OSErrorKind.NameTooLong,
        ErrorDiskFull or ErrorHandleDiskFull => OSErrorKind.NoSpace,
        _ => OSErrorKind.Other,
    };

    public string Describe(int error) => $"{new System.ComponentModel.Win32Exception(error).Message} (Win32 error {error})";

    [DllImport("kernel32.dll", EntryPoint = "MoveFileExW", CharSet = CharSet.Unicode, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool MoveFileEx(string existingFileName, string newFileName, uint flags);

    [DllImport("kernel32.dll", EntryPoint = "CreateFileW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern SafeFileHandle CreateFile(string fileName, uint desiredAccess, uint shareMode, IntPtr securityAttributes, uint creationDisposition, uint flagsAndAttributes, IntPtr templateFile);

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool FlushFileBuffers(SafeFileHandle file);
}
