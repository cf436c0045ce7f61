using System;
using System.Runtime.InteropServices;
using System.Text;

namespace DurableWrites.CrashTests.Infrastructure;

/// <summary>The few libc calls the harness makes itself (Linux).</summary>
internal static class Native
{
    private const string Libc = "libc.so.6";
    private const int ORdOnly = 0;
    private const int OCloexec = 0x80000;

    /// <summary>FS_IOC_SHUTDOWN = _IOR('X', 125, __u32), as ext4 and XFS (and xfstests' godown) define it.</summary>
    private const uint FsIocShutdown = 0x8004587D;

    /// <summary>Stop the filesystem now, without flushing its journal or log: what is not on the device yet is lost.</summary>
    private const uint FsGoingDownNoLogFlush = 2;

    /// <summary>The effective user id.</summary>
    internal static uint GetEffectiveUserId() => GetEUid();

    /// <summary>
    /// Cuts the power to the filesystem mounted at <paramref name="mountPoint"/>: FS_IOC_SHUTDOWN with
    /// FS_GOINGDOWN_NOLOGFLUSH. Every later access fails; what had not reached the device is gone.
    /// </summary>
    internal static void ShutDown(string mountPoint)
    {
        int fd = OpenDirectory(mountPoint);
        try
        {
            uint flags = FsGoingDownNoLogFlush;
            if (IoctlShutdown(fd, FsIocShutdown, ref flags) != 0)
            {
                int error = Marshal.GetLastPInvokeError();
                throw new InvalidOperationException(
                    $"FS_IOC_SHUTDOWN on '{mountPoint}' failed: {Marshal.GetPInvokeErrorMessage(error)} (errno {error}).");
            }
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>syncfs(2): writes and flushes everything of the filesystem holding <paramref name="path"/>.</summary>
    internal static void SyncFileSystem(string path)
    {
        int fd = OpenDirectory(path);
        try
        {
            if (SyncFs(fd) != 0)
            {
                int error = Marshal.GetLastPInvokeError();
                throw new InvalidOperationException($"syncfs on '{path}' failed: {Marshal.GetPInvokeErrorMessage(error)} (errno {error}).");
            }
        }
        finally
        {
            Close(fd);
        }
    }

    private static int OpenDirectory(string path)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        int fd = Open(bytes, ORdOnly | OCloexec);
        if (fd < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"open('{path}') failed: {Marshal.GetPInvokeErrorMessage(error)} (errno {error}).");
        }

        return fd;
    }

    [DllImport(Libc, EntryPoint = "geteuid")]
    private static extern uint GetEUid();

    [DllImport(Libc, EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags);

    [DllImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    private static extern int IoctlShutdown(int fd, nuint request, ref uint flags);

    [DllImport(Libc, EntryPoint = "syncfs", SetLastError = true)]
    private static extern int SyncFs(int fd);

    [DllImport(Libc, EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
