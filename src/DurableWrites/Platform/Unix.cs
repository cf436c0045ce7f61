using System;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
#if NET8_0_OR_GREATER
using System.Reflection;
#endif

namespace DurableWrites.Platform;

/// <summary>Flag and errno values that differ between Unix systems (and, for O_DIRECTORY, between Linux architectures).</summary>
internal sealed class UnixConstants
{
    internal int ODirectory { get; private set; }
    internal int OCloexec { get; private set; }
    internal int ENameTooLong { get; private set; }
    internal int ENoSys { get; private set; }
    internal int ENotSup { get; private set; }
    internal int EOpNotSupp { get; private set; }
    internal int EDQuot { get; private set; }
    internal int ENotEmpty { get; private set; }

    /// <summary>Linux's sync_file_range(2), which starts writeback of a file without waiting for it.</summary>
    internal bool HasSyncFileRange { get; private set; }

    /// <summary>fdatasync(2) that skips the timestamps: Linux's. (macOS has the call, but only F_FULLFSYNC reaches the disk there.)</summary>
    internal bool HasFDataSync { get; private set; }

    /// <summary>
    /// open(2) can be called with a creation mode from here: on Linux x64 and arm64, where a variadic argument is passed
    /// like a fixed one (not on macOS arm64), and where O_CREAT and O_EXCL have the values below.
    /// </summary>
    internal bool CanCreateWithMode { get; private set; }

    internal const int OWrOnly = 1, OCreatLinux = 0x40, OExclLinux = 0x80, OAppendLinux = 0x400;

    // The same number on Linux, macOS and the BSDs.
    internal const int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, EACCES = 13, EEXIST = 17, EXDEV = 18,
        ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENOSPC = 28, EROFS = 30, EMLINK = 31;

    internal static UnixConstants ForCurrentSystem()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return Linux();
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return MacOS();
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Create("FREEBSD")))
        {
            return new UnixConstants
            {
                ODirectory = 0x20000, OCloexec = 0x100000,
                ENameTooLong = 63, ENoSys = 78, ENotSup = 45, EOpNotSupp = 45, EDQuot = 69, ENotEmpty = 66,
            };
        }

        // An unknown Unix: open the directory without O_DIRECTORY or O_CLOEXEC (both optional there) and read errors as Linux's.
        UnixConstants other = Linux();
        other.ODirectory = 0;
        other.OCloexec = 0;
        other.HasSyncFileRange = false;
        other.HasFDataSync = false;
        other.CanCreateWithMode = false;
        return other;
    }

    internal static UnixConstants MacOS() => new()
    {
        ODirectory = 0x100000, OCloexec = 0x1000000,
        ENameTooLong = 63, ENoSys = 78, ENotSup = 45, EOpNotSupp = 102, EDQuot = 69, ENotEmpty = 66,
    };

    private static UnixConstants Linux()
    {
        // O_DIRECTORY is 0200000 on x86, x64, s390x, RISC-V and LoongArch, but 040000 on ARM and POWER.
        int architecture = (int)RuntimeInformation.ProcessArchitecture;
        bool armOrPower = architecture == (int)Architecture.Arm || architecture == (int)Architecture.Arm64
            || architecture == 8 /* Architecture.Ppc64le */ || architecture == 6 /* Architecture.Armv6 */;
        return new UnixConstants
        {
            ODirectory = armOrPower ? 0x4000 : 0x10000, OCloexec = 0x80000,
            ENameTooLong = 36, ENoSys = 38, ENotSup = 95, EOpNotSupp = 95, EDQuot = 122, ENotEmpty = 39,
            HasSyncFileRange = true,
            HasFDataSync = true,
            CanCreateWithMode = architecture == (int)Architecture.X64 || architecture == (int)Architecture.Arm64,
        };
    }
}

/// <summary>The libc calls we need. "libc" is mapped to the real library name per system (libc.so.6 on Linux).</summary>
internal static class Libc
{
    internal const string Name = "libc";
    internal const int ORdOnly = 0;

#if NET8_0_OR_GREATER
    static Libc() => NativeLibrary.SetDllImportResolver(typeof(Libc).Assembly, Resolve);

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Name)
        {
            return IntPtr.Zero;
        }

        string? actual = OperatingSystem.IsLinux() ? "libc.so.6" : OperatingSystem.IsFreeBSD() ? "libc.so.7" : null;
        return actual != null && NativeLibrary.TryLoad(actual, out IntPtr handle) ? handle : IntPtr.Zero;
    }
#endif

    /// <summary>The path as the kernel wants it: UTF-8, NUL-terminated.</summary>
    internal static byte[] PathBytes(string path)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
        return bytes;
    }

    internal static int LastError() =>
#if NET8_0_OR_GREATER
        Marshal.GetLastPInvokeError();
#else
        Marshal.GetLastWin32Error();
#endif

#if NET8_0_OR_GREATER
    internal static int Open(byte[] path, int flags) => Native.Open(path, flags);
    internal static int OpenCreate(byte[] path, int flags, int mode) => Native.OpenCreate(path, flags, mode);
    internal static nint Write(int fd, ref byte buffer, nint count) => Native.Write(fd, ref buffer, count);
    internal static int FSync(int fd) => Native.FSync(fd);
    internal static int FDataSync(int fd) => Native.FDataSync(fd);
    internal static int Fcntl(int fd, int command) => Native.Fcntl(fd, command);
    internal static int Close(int fd) => Native.Close(fd);
    internal static int Rename(byte[] oldPath, byte[] newPath) => Native.Rename(oldPath, newPath);
    internal static int Link(byte[] oldPath, byte[] newPath) => Native.Link(oldPath, newPath);
    internal static int Unlink(byte[] path) => Native.Unlink(path);
    internal static int SyncFileRange(int fd, long offset, long count, uint flags) => Native.SyncFileRange(fd, offset, count, flags);
#else
    // Without NativeLibrary (netstandard2.0: .NET Core before 8, Mono), glibc must be named exactly.
    private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

    internal static int Open(byte[] path, int flags) => IsLinux ? Glibc.Open(path, flags) : Native.Open(path, flags);
    internal static int OpenCreate(byte[] path, int flags, int mode) => Glibc.OpenCreate(path, flags, mode);
    internal static nint Write(int fd, ref byte buffer, nint count) => Glibc.Write(fd, ref buffer, count);
    internal static int FSync(int fd) => IsLinux ? Glibc.FSync(fd) : Native.FSync(fd);
    internal static int FDataSync(int fd) => Glibc.FDataSync(fd);
    internal static int Fcntl(int fd, int command) => IsLinux ? Glibc.Fcntl(fd, command) : Native.Fcntl(fd, command);
    internal static int Close(int fd) => IsLinux ? Glibc.Close(fd) : Native.Close(fd);
    internal static int Rename(byte[] oldPath, byte[] newPath) => IsLinux ? Glibc.Rename(oldPath, newPath) : Native.Rename(oldPath, newPath);
    internal static int Link(byte[] oldPath, byte[] newPath) => IsLinux ? Glibc.Link(oldPath, newPath) : Native.Link(oldPath, newPath);
    internal static int Unlink(byte[] path) => IsLinux ? Glibc.Unlink(path) : Native.Unlink(path);
    internal static int SyncFileRange(int fd, long offset, long count, uint flags) => Glibc.SyncFileRange(fd, offset, count, flags);

    private static class Glibc
    {
        private const string Name = "libc.so.6";

        [DllImport(Name, EntryPoint = "open", SetLastError = true)]
        internal static extern int Open(byte[] path, int flags);

        [DllImport(Name, EntryPoint = "open", SetLastError = true)]
        internal static extern int OpenCreate(byte[] path, int flags, int mode);

        [DllImport(Name, EntryPoint = "write", SetLastError = true)]
        internal static extern nint Write(int fd, ref byte buffer, nint count);

        [DllImport(Name, EntryPoint = "fsync", SetLastError = true)]
        internal static extern int FSync(int fd);

        [DllImport(Name, EntryPoint = "fdatasync", SetLastError = true)]
        internal static extern int FDataSync(int fd);

        [DllImport(Name, EntryPoint = "fcntl", SetLastError = true)]
        internal static extern int Fcntl(int fd, int command);

        [DllImport(Name, EntryPoint = "close", SetLastError = true)]
        internal static extern int Close(int fd);

        [DllImport(Name, EntryPoint = "rename", SetLastError = true)]
        internal static extern int Rename(byte[] oldPath, byte[] newPath);

        [DllImport(Name, EntryPoint = "link", SetLastError = true)]
        internal static extern int Link(byte[] oldPath, byte[] newPath);

        [DllImport(Name, EntryPoint = "unlink", SetLastError = true)]
        internal static extern int Unlink(byte[] path);

        [DllImport(Name, EntryPoint = "sync_file_range", SetLastError = true)]
        internal static extern int SyncFileRange(int fd, long offset, long count, uint flags);
    }
#endif

    private static class Native
    {
        [DllImport(Name, EntryPoint = "open", SetLastError = true)]
        internal static extern int Open(byte[] path, int flags);

        [DllImport(Name, EntryPoint = "open", SetLastError = true)]
        internal static extern int OpenCreate(byte[] path, int flags, int mode);

        [DllImport(Name, EntryPoint = "write", SetLastError = true)]
        internal static extern nint Write(int fd, ref byte buffer, nint count);

        [DllImport(Name, EntryPoint = "fsync", SetLastError = true)]
        internal static extern int FSync(int fd);

        [DllImport(Name, EntryPoint = "fdatasync", SetLastError = true)]
        internal static extern int FDataSync(int fd);

        [DllImport(Name, EntryPoint = "fcntl", SetLastError = true)]
        internal static extern int Fcntl(int fd, int command);

        [DllImport(Name, EntryPoint = "close", SetLastError = true)]
        internal static extern int Close(int fd);

        [DllImport(Name, EntryPoint = "rename", SetLastError = true)]
        internal static extern int Rename(byte[] oldPath, byte[] newPath);

        [DllImport(Name, EntryPoint = "link", SetLastError = true)]
        internal static extern int Link(byte[] oldPath, byte[] newPath);

        [DllImport(Name, EntryPoint = "unlink", SetLastError = true)]
        internal static extern int Unlink(byte[] path);

        [DllImport(Name, EntryPoint = "sync_file_range", SetLastError = true)]
        internal static extern int SyncFileRange(int fd, long offset, long count, uint flags);
    }
}

/// <summary>Linux and other Unix systems.</summary>
internal class UnixPlatform : IPlatform
{
    private readonly UnixConstants _constants;

    internal UnixPlatform(UnixConstants constants) => _constants = constants;

    public int Rename(string source, string destination, bool replace)
    {
        byte[] from = Libc.PathBytes(source);
        byte[] to = Libc.PathBytes(destination);
        if (replace)
        {
            return Libc.Rename(from, to) == 0 ? 0 : Libc.LastError();
        }

        // rename(2) always replaces. As .NET does for File.Move without overwrite, link the new name
        // (which fails if it exists) and then unlink the old one: at every instant at least one name holds the data.
        if (Libc.Link(from, to) == 0)
        {
            if (Libc.Unlink(from) == 0)
            {
                return 0;
            }

            int unlinkError = Libc.LastError();
            Libc.Unlink(to);
            return unlinkError;
        }

        int linkError = Libc.LastError();
        bool noHardLinks = linkError == UnixConstants.EPERM || linkError == UnixConstants.EMLINK
            || linkError == _constants.ENotSup || linkError == _constants.EOpNotSupp || linkError == _constants.ENoSys;
        if (!noHardLinks)
        {
            return linkError;
        }

        // Directories, and filesystems without hard links: check, then rename.
        if (System.IO.File.Exists(destination) || System.IO.Directory.Exists(destination))
        {
            return UnixConstants.EEXIST;
        }

        return Libc.Rename(from, to) == 0 ? 0 : Libc.LastError();
    }

    public void StartWriteback(SafeFileHandle file)
    {
        if (!_constants.HasSyncFileRange)
        {
            return;
        }

        bool added = false;
        try
        {
            file.DangerousAddRef(ref added);

            // SYNC_FILE_RANGE_WRITE over the whole file. Failure only loses the head start: the flush still follows.
            Libc.SyncFileRange((int)file.DangerousGetHandle(), 0, 0, SyncFileRangeWrite);
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    private const uint SyncFileRangeWrite = 2;

    /// <summary>True when <see cref="CreateExclusive"/> and <see cref="WriteAll(SafeFileHandle, byte[])"/> can be used here.</summary>
    internal bool CanCreateExclusive => _constants.CanCreateWithMode;

    /// <summary>
    /// Creates a new file for writing with O_CREAT|O_EXCL|O_CLOEXEC and the permission bits <paramref name="mode"/>
    /// (less the umask, as always): fails with EEXIST rather than open anything that exists, a link included.
    /// Only where <see cref="CanCreateExclusive"/>. Returns 0 or the errno.
    /// </summary>
    internal int CreateExclusive(string path, int mode, out SafeFileHandle? handle)
    {
        int flags = UnixConstants.OWrOnly | UnixConstants.OCreatLinux | UnixConstants.OExclLinux | _constants.OCloexec;
        return Opened(Libc.OpenCreate(Libc.PathBytes(path), flags, mode), out handle);
    }

    /// <summary>
    /// Opens an existing file for appending with O_WRONLY|O_APPEND|O_CLOEXEC: never creates one. Only where
    /// <see cref="CanCreateExclusive"/> (the flags are Linux's). Returns 0 or the errno.
    /// </summary>
    internal int OpenExistingForAppend(string path, out SafeFileHandle? handle)
    {
        return Opened(Libc.Open(Libc.PathBytes(path), UnixConstants.OWrOnly | UnixConstants.OAppendLinux | _constants.OCloexec), out handle);
    }

    /// <summary>open(2)'s result as a handle that owns the descriptor, or the errno.</summary>
    private static int Opened(int fd, out SafeFileHandle? handle)
    {
        if (fd < 0)
        {
            handle = null;
            return Libc.LastError();
        }

        handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        return 0;
    }

    /// <summary>Writes all of <paramref name="data"/> at the file's current offset (write(2), again after a short write or EINTR). Returns 0 or the errno.</summary>
    internal int WriteAll(SafeFileHandle handle, byte[] data) => WriteAll(handle, data, out _);

    /// <summary>As <see cref="WriteAll(SafeFileHandle, byte[])"/>, and how many bytes were written before a failure.</summary>
    internal int WriteAll(SafeFileHandle handle, byte[] data, out int written)
    {
        written = 0;
        bool referenced = false;
        try
        {
            handle.DangerousAddRef(ref referenced);
            int fd = (int)handle.DangerousGetHandle();
            while (written < data.Length)
            {
                nint count = Libc.Write(fd, ref data[written], data.Length - written);
                if (count < 0)
                {
                    int error = Libc.LastError();
                    if (error == UnixConstants.EINTR)
                    {
                        continue;
                    }

                    return error;
                }

                if (count == 0)
                {
                    return UnixConstants.EIO;
                }

                written += (int)count;
            }

            return 0;
        }
        finally
        {
            if (referenced)
            {
                handle.DangerousRelease();
            }
        }
    }

    public int Sync(string path, bool isDirectory)
    {
        int flags = Libc.ORdOnly | _constants.OCloexec | (isDirectory ? _constants.ODirectory : 0);
        int fd = Libc.Open(Libc.PathBytes(path), flags);
        if (fd < 0)
        {
            return Libc.LastError();
        }

        try
        {
            return Flush(fd);
        }
        finally
        {
            // The descriptor was only read through: closing it cannot lose data.
            Libc.Close(fd);
        }
    }

    public int FlushFile(SafeFileHandle handle, bool dataOnly = false)
    {
        bool referenced = false;
        try
        {
            handle.DangerousAddRef(ref referenced);
            int fd = (int)handle.DangerousGetHandle();
            if (dataOnly && _constants.HasFDataSync)
            {
                return Libc.FDataSync(fd) == 0 ? 0 : Libc.LastError();
            }

            return Flush(fd);
        }
        finally
        {
            if (referenced)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Flushes an open descriptor. macOS overrides this with F_FULLFSYNC.</summary>
    protected virtual int Flush(int fd) => Libc.FSync(fd) == 0 ? 0 : Libc.LastError();

    public bool IsSyncUnsupported(int error) => Classify(error) is OSErrorKind.NotSupported or OSErrorKind.ReadOnly;

    public OSErrorKind Classify(int error)
    {
        UnixConstants c = _constants;
        if (error == UnixConstants.ENOENT || error == UnixConstants.ENOTDIR)
        {
            return OSErrorKind.NotFound;
        }

        if (error == UnixConstants.EACCES || error == UnixConstants.EPERM)
        {
            return OSErrorKind.AccessDenied;
        }

        if (error == UnixConstants.EEXIST || error == c.ENotEmpty)
        {
            return OSErrorKind.AlreadyExists;
        }

        if (error == UnixConstants.EXDEV)
        {
            return OSErrorKind.CrossDevice;
        }

        if (error == UnixConstants.EINVAL || error == c.ENotSup || error == c.EOpNotSupp || error == c.ENoSys)
        {
            return OSErrorKind.NotSupported;
        }

        // A read-only filesystem has nothing left to flush, unless we wrote to it: then it turned read-only since.
        if (error == UnixConstants.EROFS)
        {
            return OSErrorKind.ReadOnly;
        }

        if (error == c.ENameTooLong)
        {
            return OSErrorKind.NameTooLong;
        }

        return error == UnixConstants.ENOSPC || error == c.EDQuot ? OSErrorKind.NoSpace : OSErrorKind.Other;
    }

    public string Describe(int error) =>
#if NET8_0_OR_GREATER
        $"{Marshal.GetPInvokeErrorMessage(error)} (errno {error})";
#else
        $"{new System.ComponentModel.Win32Exception(error).Message} (errno {error})";
#endif
}
