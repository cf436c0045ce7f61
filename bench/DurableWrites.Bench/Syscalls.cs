using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace DurableWrites.Bench;

/// <summary>
/// The C limit's sequences, call for call, made from the .NET worker through P/Invoke: the control that tells the
/// cost of the .NET process (its runtime, its memory, its threads) from the cost of DurableWrites' own work.
/// </summary>
internal static class Syscalls
{
    // Linux x86-64 and arm64 values.
    private const int ReadOnly = 0, WriteOnly = 1, Create = 0x40, Exclusive = 0x80, Directory = 0x10000, CloseOnExec = 0x80000;

    private static long s_sequence;

    /// <summary>open(temp, O_CREAT|O_EXCL), write, fsync, close, rename over the target, open(dir), fsync, close.</summary>
    internal static void Replace(string dir, string name, byte[] payload)
    {
        string temp = dir + "/." + name + "." + (s_sequence++).ToString(CultureInfo.InvariantCulture) + ".tmp";
        int fd = Check(Native.Open(temp, WriteOnly | Create | Exclusive | CloseOnExec, Convert.ToInt32("644", 8)), "open", temp);
        WriteAll(fd, payload, temp);
        Check(Native.FSync(fd), "fsync", temp);
        Check(Native.Close(fd), "close", temp);
        Check(Native.Rename(temp, dir + "/" + name), "rename", temp);
        int dirFd = Check(Native.Open(dir, ReadOnly | Directory | CloseOnExec, 0), "open", dir);
        Check(Native.FSync(dirFd), "fsync", dir);
        Native.Close(dirFd);
    }

    /// <summary>open(file), pwrite into slot <paramref name="slot"/>, fdatasync, close.</summary>
    internal static unsafe void OverwriteReopen(string path, byte[] payload, int slot)
    {
        int fd = Check(Native.Open(path, WriteOnly | CloseOnExec, 0), "open", path);
        long offset = (long)slot * payload.Length;
        fixed (byte* data = payload)
        {
            for (int done = 0; done < payload.Length;)
            {
                done += (int)Check((int)Native.PWrite(fd, data + done, payload.Length - done, offset + done), "pwrite", path);
            }
        }

        Check(Native.FDataSync(fd), "fdatasync", path);
        Check(Native.Close(fd), "close", path);
    }

    private static unsafe void WriteAll(int fd, byte[] payload, string path)
    {
        fixed (byte* data = payload)
        {
            for (int done = 0; done < payload.Length;)
            {
                done += (int)Check((int)Native.Write(fd, data + done, payload.Length - done), "write", path);
            }
        }
    }

    private static int Check(int result, string call, string path) =>
        result >= 0 ? result : throw new IOException($"{call} {path}: errno {Marshal.GetLastPInvokeError()}");

    private static unsafe class Native
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        internal static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

        [DllImport("libc", EntryPoint = "write", SetLastError = true)]
        internal static extern nint Write(int fd, byte* data, nint count);

        [DllImport("libc", EntryPoint = "pwrite", SetLastError = true)]
        internal static extern nint PWrite(int fd, byte* data, nint count, long offset);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        internal static extern int FSync(int fd);

        [DllImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
        internal static extern int FDataSync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        internal static extern int Close(int fd);

        [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
        internal static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
    }
}
